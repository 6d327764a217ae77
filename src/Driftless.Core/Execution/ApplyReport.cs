using Driftless.Core.Events;

namespace Driftless.Core.Execution;

/// <summary>The outcome of one apply run.</summary>
/// <param name="Outcomes">One per executed service, in order.</param>
/// <param name="Skipped">Services not attempted because of <c>--fail-fast</c>.</param>
public sealed record ApplyReport(IReadOnlyList<ServiceOutcome> Outcomes, IReadOnlyList<string> Skipped)
{
    /// <summary>The plan the run executed.</summary>
    public Planning.Plan Plan { get; init; } = new([]);

    /// <summary>One event per orphaned managed container handled (<c>removed</c>, or <c>failed</c>).</summary>
    public IReadOnlyList<ApplyEvent> Removals { get; init; } = [];

    public bool Succeeded =>
        Skipped.Count == 0
        && Outcomes.All(o => !o.Event.Result.IsFailure())
        && Removals.All(e => e.Result != EventResult.Failed);
}
