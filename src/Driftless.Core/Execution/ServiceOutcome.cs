using Driftless.Core.Events;
using Driftless.Core.Planning;

namespace Driftless.Core.Execution;

/// <summary>What happened to one service in a run.</summary>
/// <param name="Item">Its plan item (the state before the run).</param>
/// <param name="Event">The outcome recorded.</param>
/// <param name="Verdict">Its verdict after the outcome, decided by the planner's rules on the newest evidence.</param>
public sealed record ServiceOutcome(PlanItem Item, ApplyEvent Event, Verdict Verdict);
