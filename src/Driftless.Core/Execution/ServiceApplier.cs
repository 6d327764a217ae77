using System.Globalization;
using Driftless.Core.Checks;
using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Secrets;
using Driftless.Core.State;

namespace Driftless.Core.Execution;

/// <summary>
/// One service through apply by mode → verify: the event to record, the record to advance (only after
/// verification) and what verification saw. A mode never decides success on its own.
/// </summary>
internal sealed class ServiceApplier(IReadOnlyDictionary<ApplyMode, IApplyStrategy> strategies, Verifier verifier, PreApplyCheck checks, TimeProvider time)
{
    /// <summary>The event's reason when the service's <c>check:</c> refused the change.</summary>
    public const string CheckFailedReason = "check_failed";

    public async Task<ServiceResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        // SECRETS_SHOW_TEMPLATES: whatever text a mode or check brought back, no resolved ${NAME} value is recorded.
        var result = await ApplyModeAsync(context, cancellationToken);
        return result with { Event = SecretRedactor.For(context.Registry).Redact(result.Event) };
    }

    private async Task<ServiceResult> ApplyModeAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var started = time.GetTimestamp();
        switch (item.Action)
        {
            case PlanAction.Noop:
                return new ServiceResult(NewEvent(item, EventResult.Noop, started), null);
            case PlanAction.Blocked:
                return new ServiceResult(NewEvent(item, EventResult.Failed, started, error: item.Reason, reason: item.Escalation), null);
            case PlanAction.Adopt:
                return new ServiceResult(NewEvent(item, EventResult.Adopted, started), Record(item, item.Container?.Id, "adopted"));
        }

        // The check decides before anything is touched: a refused change never reaches the live container.
        var (checkedOutcome, rejected) = await CheckAsync(context, started, cancellationToken);
        if (rejected is not null)
        {
            return rejected;
        }

        var ran = await RunModeAsync(context, started, cancellationToken);
        return checkedOutcome is { } passed ? ran with { Event = ran.Event with { Check = passed } } : ran;
    }

    private async Task<ServiceResult> RunModeAsync(ApplyContext context, long started, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var mode = item.ModeToRun;
        var reason = item.Escalation;
        ModeResult result;
        try
        {
            try
            {
                result = await strategies[mode].ApplyAsync(context, cancellationToken);
            }
            catch (ModeUnavailableException unavailable) when (item.Service.Fallback is { } fallback && mode == item.Service.Apply)
            {
                // Fall back only when the primary mode cannot run at all; a service that refused the change is not a reason to.
                (mode, reason) = (fallback, $"fallback: {unavailable.Message}");
                result = await strategies[mode].ApplyAsync(context, cancellationToken);
            }
        }
        catch (DriftlessException ex) when (ex is not EngineUnreachableException)
        {
            return new ServiceResult(NewEvent(item, EventResult.Failed, started, error: ex.Message, reason: reason, modeUsed: mode), null);
        }

        if (result.Failure is not null)
        {
            return new ServiceResult(NewEvent(item, EventResult.Failed, started, error: result.Failure, reason: reason, modeUsed: mode, output: result.Output), null);
        }

        VerificationResult verification;
        try
        {
            var restarted = mode.StartsProcess();
            verification = await verifier.VerifyAsync(context.Registry, item.Service, item.Desired, restarted, restarted ? null : item.Container, cancellationToken);
        }
        catch (DriftlessException ex) when (ex is not EngineUnreachableException)
        {
            return new ServiceResult(NewEvent(item, EventResult.Failed, started, error: "verification failed: " + ex.Message, reason: reason, modeUsed: mode, output: result.Output), null);
        }

        if (!verification.Succeeded)
        {
            var failed = NewEvent(item, EventResult.Failed, started, verification.Container?.Id, "verification failed: " + verification.Failure, reason, mode, result.Output);
            return new ServiceResult(failed, null) { Verified = verification };
        }

        var applied = mode == item.Service.Apply ? EventResult.Applied : EventResult.Escalated;
        var appliedEvent = NewEvent(item, applied, started, verification.Container!.Id, null, reason, mode, result.Output);
        return new ServiceResult(appliedEvent, Record(item, verification.Container.Id, mode.Name())) { Verified = verification };
    }

    /// <returns>How the check ended (null when none ran), and the rejected result when it refused the change.</returns>
    private async Task<(CheckOutcome? Outcome, ServiceResult? Rejected)> CheckAsync(ApplyContext context, long started, CancellationToken cancellationToken)
    {
        var item = context.Item;
        string error;
        string? output;
        CheckOutcome outcome;
        try
        {
            if (await checks.RunAsync(context.Registry, item, cancellationToken) is not { } check)
            {
                return (null, null);
            }

            if (check.Passed)
            {
                return (CheckOutcome.Passed, null);
            }

            outcome = check.TimedOut ? CheckOutcome.TimedOut : CheckOutcome.Failed;
            error = CheckFailures.Describe(item.Service.Check!, check);
            output = check.OutputTail;
        }
        catch (DriftlessException ex) when (ex is not EngineUnreachableException)
        {
            (outcome, error, output) = (CheckOutcome.Error, CheckFailures.CouldNotRun(ex), null);
        }

        var rejected = NewEvent(item, EventResult.Rejected, started, error: error, reason: CheckFailedReason, output: output) with { Check = outcome };
        return (outcome, new ServiceResult(rejected, null));
    }

    /// <summary>An outcome decided without running a mode (a dependency failed, the run stopped).</summary>
    public ApplyEvent Failed(PlanItem item, long started, string error) => NewEvent(item, EventResult.Failed, started, error: error);

    public ApplyEvent Started(PlanItem item) => NewEvent(item, EventResult.Started, time.GetTimestamp(), modeUsed: item.ModeToRun);

    private ApplyEvent NewEvent(
        PlanItem item,
        EventResult result,
        long started,
        string? newContainerId = null,
        string? error = null,
        string? reason = null,
        ApplyMode? modeUsed = null,
        string? output = null) => new(
        time.GetUtcNow(),
        item.Service.Name,
        item.Applied?.Hash,
        item.Desired.Value,
        item.Changes.Select(c => c.Path).ToList(),
        item.Service.Apply.Name(),
        result,
        (long)time.GetElapsedTime(started).TotalMilliseconds,
        item.Container?.Id,
        newContainerId,
        error,
        reason,
        modeUsed?.Name(),
        output);

    private AppliedRecord Record(PlanItem item, string? containerId, string recordedMode) => new(
        item.Service.Name,
        item.Desired.Value,
        item.Desired.Files.Select(f => new RecordedDigest(f.RelativePath, f.Digest)).ToList(),
        containerId,
        recordedMode,
        time.GetUtcNow())
    {
        SpecHash = item.DesiredSpec,
    };
}

/// <summary>What applying one service produced.</summary>
/// <param name="Event">The outcome to record.</param>
/// <param name="Advance">The applied record to store; null when state must not advance.</param>
internal sealed record ServiceResult(ApplyEvent Event, AppliedRecord? Advance)
{
    /// <summary>What verification saw after the mode ran; null when it did not run.</summary>
    public VerificationResult? Verified { get; init; }

    /// <summary>
    /// The service's verdict after this outcome, by the planner's own rules on the newest evidence: what
    /// verification saw when it ran, else what the plan saw; the advanced record, else the old one.
    /// </summary>
    public Verdict VerdictAfter(PlanItem item)
    {
        var container = Verified is null ? item.Container : Verified.Container;
        var view = Verified is null ? item.View : Verified.View;
        return Planner.PlanService(item.Service, item.Desired, Advance ?? item.Applied, container, view, item.DesiredSpec, Event).Verdict;
    }
}
