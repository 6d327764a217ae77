using Driftless.Core.Errors;
using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.State;

namespace Driftless.Agent.Loop;

/// <summary>
/// After a service's file changes settle: a pass only when the content hash differs from the one the last pass
/// saw, so saving identical bytes (an editor's save, an rsync of the same tree) is not a change.
/// </summary>
/// <param name="registry">The registry in force.</param>
/// <param name="actedOn">The hash the last pass saw for a service (null before any).</param>
/// <param name="changed">Asks for a pass of the service.</param>
/// <param name="listeners">Told of an unchanged hash.</param>
/// <param name="stopping">Cancels hashing at shutdown.</param>
internal sealed class InputChangeFilter(
    Func<DriftlessRegistry> registry,
    Func<string, string?> actedOn,
    Action<string> changed,
    LoopListeners listeners,
    CancellationToken stopping)
{
    private readonly ContentHasher _hasher = new();

    /// <summary>Called on a debounce timer's thread: the hashing runs in the background.</summary>
    public void Settled(string service) => _ = CheckAsync(service);

    private async Task CheckAsync(string name)
    {
        try
        {
            var current = registry();
            if (current.Find(name) is not { } service)
            {
                return;
            }

            var hash = await _hasher.HashAsync(service.Inputs, current.BaseDirectory, HashKeyFile.For(current.StateDirectory, service.Inputs), stopping);
            if (actedOn(name) == hash.Value)
            {
                listeners.InputsUnchanged(name, hash.Value);
                return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }
        catch (Exception e) when (e is DriftlessException or IOException or UnauthorizedAccessException)
        {
            // Mid-change (a file briefly missing) or unreadable: the pass names the problem.
        }

        changed(name);
    }
}
