using System.Globalization;
using System.Runtime.CompilerServices;
using Driftless.Core.Errors;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Secrets;
using Microsoft.Extensions.Logging;

namespace Driftless.Core.Checks;

/// <summary>
/// <c>driftless check</c>: every selected service's <c>check:</c> against the files on disk now, whether or not they
/// changed, one after another in registry order. Nothing is applied and nothing is recorded: no state is read or written.
/// A compose service whose container is missing has no image and mounts to check with: that is a failure, never a pass.
/// </summary>
internal sealed class CheckOnlyRun(IContainerRuntime runtime, PreApplyCheck checks, TimeProvider time, ILogger logger)
{
    /// <summary>Why a compose service without a container cannot be checked.</summary>
    public const string NoContainer = "cannot check: no container of the service is running (compose creates it at the next apply)";

    /// <exception cref="DriftlessException">Kind <see cref="ErrorKind.UnknownService"/> for a name not in the registry (before anything runs).</exception>
    public async IAsyncEnumerable<ServiceCheck> RunAsync(
        DriftlessRegistry registry,
        IReadOnlyCollection<string> only,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var services = PlanGatherer.Select(registry, only);
        // Check containers of a run killed mid-check go first, as apply does; those of a live run are the runtime's to spare.
        var removed = await runtime.RemoveLeftoverChecksAsync(registry.Project, cancellationToken);
        if (removed > 0)
        {
            Log.LeftoverChecksRemoved(logger, removed);
        }

        // SECRETS_SHOW_TEMPLATES: a check's output can print a managed service's env; no resolved ${NAME} value is shown.
        var redactor = SecretRedactor.For(registry);
        foreach (var service in services)
        {
            var result = await CheckAsync(registry, service, redactor, cancellationToken);
            Log.CheckEnded(logger, service.Name, result.Outcome, (long)result.Duration.TotalMilliseconds);
            yield return result with { Error = redactor.Redact(result.Error) };
        }
    }

    private async Task<ServiceCheck> CheckAsync(DriftlessRegistry registry, ServiceSpec service, SecretRedactor redactor, CancellationToken cancellationToken)
    {
        if (service.Check is not { } check)
        {
            return new ServiceCheck(service.Name, null, CheckRunVerdict.Skipped, null, [], TimeSpan.Zero);
        }

        Log.CheckStarting(logger, service.Name, check.Where.ToString());
        var started = time.GetTimestamp();
        ServiceCheck Failed(string error, IReadOnlyList<string> output) =>
            new(service.Name, check.Where, CheckRunVerdict.Failed, error, output, time.GetElapsedTime(started));

        // Only a compose service's container check needs the live container: its image and its bind mounts.
        var container = check.Where == CheckLocation.Container && service.Managed is null
            ? await runtime.FindAsync(service.TargetIn(registry), cancellationToken)
            : null;
        if (!CheckPlanning.CanCheck(service, container))
        {
            return Failed(NoContainer, []);
        }

        CheckRunResult run;
        try
        {
            run = await checks.RunAsync(registry, service, container, cancellationToken);
        }
        catch (DriftlessException ex) when (ex is not EngineUnreachableException)
        {
            return Failed(CheckFailures.CouldNotRun(ex), []);
        }

        // Redacted whole, before it is split: a value may span lines.
        var output = Lines(redactor.Redact(run.OutputTail));
        if (run.Passed)
        {
            return new ServiceCheck(service.Name, check.Where, CheckRunVerdict.Passed, null, output, run.Duration);
        }

        return new ServiceCheck(service.Name, check.Where, CheckRunVerdict.Failed, CheckFailures.Describe(check, run), output, run.Duration);
    }

    private static List<string> Lines(string? tail) =>
        string.IsNullOrEmpty(tail) ? [] : tail.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
