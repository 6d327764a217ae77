using Driftless.Core.Events;
using Driftless.Core.Planning;

namespace Driftless.Core.Execution;

/// <summary>What happened to one service in a run: its plan item and the event recorded.</summary>
public sealed record ServiceOutcome(PlanItem Item, ApplyEvent Event);
