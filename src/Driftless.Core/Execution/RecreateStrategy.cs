using Driftless.Core.Errors;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Execution;

/// <summary>
/// <c>apply: recreate</c> — hash-in-spec. Compose recreates a container only when its spec changes, never
/// for a bind-mounted file's content, so a compose override in the state directory puts the content hash in
/// the label <c>io.driftless.config-hash</c>, then compose recreates only that service.
/// A managed service is replaced by Driftless itself instead (<see cref="ManagedReplace"/>).
/// </summary>
internal sealed class RecreateStrategy(IContainerRuntime runtime) : IApplyStrategy
{
    public const string OverrideFileName = "compose.override.yml";

    private readonly SemaphoreSlim _composing = new(1, 1);

    // Labels put on containers earlier in this run, recorded or not (verification may still be running or
    // have failed): the override must describe the labels containers actually carry.
    private readonly Dictionary<string, string> _labelled = new(StringComparer.Ordinal);

    public ApplyMode Mode => ApplyMode.Recreate;

    private readonly ManagedReplace _managed = new(runtime);

    public async Task<ModeResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        var registry = context.Registry;
        var service = context.Item.Service;
        if (service.Managed is { } managed)
        {
            return await _managed.ApplyAsync(context, managed, cancellationToken);
        }

        if (registry.ComposeFiles.Count == 0)
        {
            throw new DriftlessException(
                ErrorKind.ApplyFailed,
                $"{service.Name}: apply: recreate needs compose files; none declared in {registry.FilePath} and none found beside it");
        }

        // One compose call at a time: they share the override file and the project's network.
        await _composing.WaitAsync(cancellationToken);
        try
        {
            var request = new RecreateRequest(
                registry.Project,
                registry.ComposeFiles,
                registry.BaseDirectory,
                Path.Combine(registry.StateDirectory, OverrideFileName),
                ConfigHashes(context),
                service.Name);
            await runtime.RecreateAsync(request, cancellationToken);
            _labelled[service.Name] = context.Item.Desired.Value;
        }
        finally
        {
            _composing.Release();
        }

        return ModeResult.Ran;
    }

    // Every recreate-mode service keeps its last applied hash in the override, so running compose
    // by hand with the override does not recreate services Driftless already converged. Only a record
    // made by a recreate means the container carries that label: an adopted (or restarted) container
    // has none, and a label in the override would make compose recreate it.
    // Escalations and fallbacks recreate too, so any service may carry a label, whatever its configured mode.
    private Dictionary<string, string> ConfigHashes(ApplyContext context)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var recreated = ApplyMode.Recreate.Name();
        foreach (var service in context.Registry.Services.Where(s => s.Managed is null))
        {
            if (service.Name == context.Item.Service.Name)
            {
                hashes[service.Name] = context.Item.Desired.Value;
            }
            else if (_labelled.TryGetValue(service.Name, out var label))
            {
                hashes[service.Name] = label;
            }
            else if (context.Applied.TryGetValue(service.Name, out var record) && record.Mode == recreated)
            {
                hashes[service.Name] = record.Hash;
            }
        }

        return hashes;
    }
}
