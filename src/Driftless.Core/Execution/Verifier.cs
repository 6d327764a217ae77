using Driftless.Core.Hashing;
using Driftless.Core.Observation;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Execution;

/// <summary>
/// APPLY_IMPLIES_RUNTIME_MATCH: after an apply the service's container must be running — and, when the
/// apply (re)started it, stay running for the settle window — its process must see exactly the desired
/// content, and the optional <c>verify.http</c> / <c>verify.exec</c> checks must pass within <c>verify.timeout</c>.
/// </summary>
internal sealed class Verifier(IContainerRuntime runtime, ProcessObserver observer, HttpClient http, TimeProvider time)
{
    private readonly ServiceChecks _checks = new(runtime, http, time);

    /// <param name="registry">The registry.</param>
    /// <param name="service">The service applied.</param>
    /// <param name="desired">What its process must see.</param>
    /// <param name="restarted">The apply (re)started the container (restart, recreate): the settle window applies.</param>
    /// <param name="before">The container before an in-place apply: it must still be the same process afterwards.</param>
    /// <param name="cancellationToken">Cancels verification.</param>
    public async Task<VerificationResult> VerifyAsync(
        DriftlessRegistry registry,
        ServiceSpec service,
        ContentHash desired,
        bool restarted,
        RuntimeContainer? before,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(desired);

        var container = await runtime.FindAsync(service.TargetIn(registry), cancellationToken);
        if (container is null)
        {
            return VerificationResult.Fail("container missing after apply");
        }

        if (!container.Running)
        {
            return VerificationResult.Fail(NotRunning(container), container);
        }

        if (!restarted && before is not null
            && (container.Id != before.Id || container.StartedAt != before.StartedAt || container.RestartCount != before.RestartCount))
        {
            // The process died during an in-place reload and something started it again: it may see the new files,
            // but the reload did not happen as configured, and the next bad config would crash-loop it.
            return VerificationResult.Fail(
                $"container {container.ShortId} restarted during the in-place {service.Apply.Name()} (restart count {container.RestartCount}, started {container.StartedAt:O})",
                container);
        }

        if (restarted && service.Verify.Settle > TimeSpan.Zero)
        {
            // A process that rejects its new config typically exits within moments of starting;
            // "running" right after start proves little.
            await Task.Delay(service.Verify.Settle, time, cancellationToken);
            var settled = await runtime.InspectAsync(container.Id, cancellationToken);
            if (settled is null)
            {
                return VerificationResult.Fail($"container {container.ShortId} disappeared within the settle window");
            }

            if (!settled.Running || settled.StartedAt != container.StartedAt || settled.RestartCount != container.RestartCount)
            {
                return VerificationResult.Fail(
                    $"container {settled.ShortId} did not stay up for {service.Verify.Settle.TotalSeconds:0.###}s after apply ({NotRunning(settled)})",
                    settled);
            }

            container = settled;
        }

        var view = await observer.ObserveAsync(container, service.Inputs, desired, registry.BaseDirectory, cancellationToken);
        if (view.UncoveredInputs.Count > 0)
        {
            return VerificationResult.Fail($"not mounted into container: {string.Join(", ", view.UncoveredInputs)}", container, view);
        }

        if (view.Hash != desired.Value)
        {
            return VerificationResult.Fail(Mismatch(view, desired), container, view);
        }

        return await _checks.PassAsync(service.Verify, container.Id, cancellationToken) is { } failure
            ? VerificationResult.Fail(failure, container, view)
            : new VerificationResult(container, view, null);
    }

    private static string NotRunning(RuntimeContainer c) =>
        c.Running ? $"restarted (restart count {c.RestartCount})" : $"status {c.Status}, exit code {c.ExitCode}";

    private static string Mismatch(ProcessView view, ContentHash desired)
    {
        var seen = view.Files.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var file in desired.Files)
        {
            if (!seen.TryGetValue(file.RelativePath, out var s) || s.Digest is null)
            {
                problems.Add($"{file.RelativePath} absent in container");
            }
            else if (s.Digest != file.Digest)
            {
                problems.Add(s.PinnedInode ? $"{file.RelativePath} pinned to an old inode" : $"{file.RelativePath} differs");
            }
        }

        var desiredPaths = desired.Files.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(view.Files.Where(f => f.Digest is not null && !desiredPaths.Contains(f.RelativePath))
            .Select(f => $"{f.RelativePath} only in container"));
        return $"process sees {HashFormat.Short(view.Hash)}, desired {HashFormat.Short(desired.Value)}: {string.Join("; ", problems)}";
    }
}
