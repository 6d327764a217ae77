using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.State;
using Microsoft.Extensions.Logging;

namespace Driftless.Core.Execution;

/// <summary>
/// Runs a plan: apply by mode → verify → record. State advances only after verification; a failed
/// service records a failed event and keeps its old record, so the next plan still shows it pending.
/// </summary>
public sealed class Executor(
    IEnumerable<IApplyStrategy> strategies,
    Verifier verifier,
    IStateStore store,
    TimeProvider time,
    ILogger<Executor> logger)
{
    private readonly Dictionary<ApplyMode, IApplyStrategy> _strategies = strategies.ToDictionary(s => s.Mode);

    public async Task<ApplyReport> ExecuteAsync(
        DriftlessRegistry registry,
        Plan plan,
        ApplyOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);

        var applied = plan.Items.Where(i => i.Applied is not null)
            .ToDictionary(i => i.Service.Name, i => i.Applied!, StringComparer.Ordinal);
        var outcomes = new List<ServiceOutcome>();
        var skipped = new List<string>();
        foreach (var item in plan.Items)
        {
            if (options.FailFast && outcomes.Any(o => o.Event.Result == EventResult.Failed))
            {
                skipped.Add(item.Service.Name);
                continue;
            }

            var (applyEvent, advance) = await ExecuteOneAsync(new ApplyContext(registry, item, applied), cancellationToken);
            await store.RecordAsync(applyEvent, advance, cancellationToken);
            if (advance is not null)
            {
                applied[item.Service.Name] = advance;
            }

            if (options.Events is not null)
            {
                await options.Events.WriteAsync(applyEvent, cancellationToken);
            }

            Log.Outcome(logger, item.Service.Name, applyEvent.Result, applyEvent.Mode, applyEvent.OldHash, applyEvent.NewHash, applyEvent.DurationMs);
            outcomes.Add(new ServiceOutcome(item, applyEvent));
        }

        return new ApplyReport(outcomes, skipped);
    }

    private async Task<(ApplyEvent Event, AppliedRecord? Advance)> ExecuteOneAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var started = time.GetTimestamp();
        var mode = item.Service.Apply.Name();

        ApplyEvent Event(EventResult result, string? newContainerId = null, string? error = null) => new(
            time.GetUtcNow(),
            item.Service.Name,
            item.Applied?.Hash,
            item.Desired.Value,
            item.Changes.Select(c => c.Path).ToList(),
            mode,
            result,
            (long)time.GetElapsedTime(started).TotalMilliseconds,
            item.Container?.Id,
            newContainerId,
            error);

        AppliedRecord Record(string? containerId, string recordedMode) => new(
            item.Service.Name,
            item.Desired.Value,
            item.Desired.Files.Select(f => new RecordedDigest(f.RelativePath, f.Digest)).ToList(),
            containerId,
            recordedMode,
            time.GetUtcNow());

        switch (item.Action)
        {
            case PlanAction.Noop:
                return (Event(EventResult.Noop), null);
            case PlanAction.Blocked:
                return (Event(EventResult.Failed, error: item.Reason), null);
            case PlanAction.Adopt:
                return (Event(EventResult.Adopted), Record(item.Container?.Id, "adopted"));
        }

        // A service's own failure is recorded and the run goes on (fail closed per service); an
        // unreachable engine ends the run, since no other service could be applied either.
        VerificationResult verification;
        try
        {
            await _strategies[item.Service.Apply].ApplyAsync(context, cancellationToken);
        }
        catch (DriftlessException ex) when (ex is not EngineUnreachableException)
        {
            return (Event(EventResult.Failed, error: ex.Message), null);
        }

        try
        {
            verification = await verifier.VerifyAsync(context.Registry, item.Service, item.Desired, cancellationToken);
        }
        catch (DriftlessException ex) when (ex is not EngineUnreachableException)
        {
            return (Event(EventResult.Failed, error: "verification failed: " + ex.Message), null);
        }

        return verification.Succeeded
            ? (Event(EventResult.Applied, verification.Container!.Id), Record(verification.Container.Id, mode))
            : (Event(EventResult.Failed, verification.Container?.Id, "verification failed: " + verification.Failure), null);
    }
}
