using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Planning;
using Driftless.Core.State;
using Microsoft.Extensions.Logging;

namespace Driftless.Core.Execution;

/// <summary>
/// Stops and removes managed containers no service owns. A dropped service's record is forgotten in the
/// same transaction as its <c>removed</c> event; a duplicate's owner keeps its record.
/// </summary>
internal sealed class OrphanRemover(ManagedReplace managed, IStateStore store, TimeProvider time, ILogger logger)
{
    public async Task<IReadOnlyList<ApplyEvent>> RemoveAsync(IReadOnlyList<Orphan> orphans, ApplyOptions options, CancellationToken cancellationToken)
    {
        var events = new List<ApplyEvent>(orphans.Count);
        foreach (var orphan in orphans)
        {
            var started = time.GetTimestamp();
            string? error = null;
            try
            {
                await managed.RemoveAsync(orphan.Container, cancellationToken);
            }
            catch (DriftlessException ex) when (ex is not EngineUnreachableException)
            {
                error = $"could not remove container {orphan.Container.ShortId}: {ex.Message}";
            }

            var applyEvent = new ApplyEvent(
                time.GetUtcNow(),
                orphan.Service,
                null,
                null,
                [],
                "managed",
                error is null ? EventResult.Removed : EventResult.Failed,
                (long)time.GetElapsedTime(started).TotalMilliseconds,
                orphan.Container.Id,
                null,
                error,
                orphan.Dropped ? "dropped" : "duplicate");
            try
            {
                if (error is null && orphan.Dropped)
                {
                    await store.ForgetAsync(applyEvent, cancellationToken);
                }
                else
                {
                    await store.RecordAsync(applyEvent, null, cancellationToken);
                }
            }
            catch (DriftlessException e) when (e.Kind is ErrorKind.StateNotWritable or ErrorKind.StateUnusable)
            {
                // The container is gone (or not), whatever the disk says: report it, failed, as the services are.
                applyEvent = applyEvent with
                {
                    Result = EventResult.Failed,
                    Error = $"outcome not recorded ({(error is null ? "removed" : "failed: " + error)}): {e.Message}",
                };
            }

            if (options.Events is not null)
            {
                await options.Events.WriteAsync(applyEvent, cancellationToken);
            }

            Log.Outcome(logger, orphan.Service, applyEvent.Result, applyEvent.Mode, null, null, applyEvent.DurationMs);
            events.Add(applyEvent);
        }

        return events;
    }
}
