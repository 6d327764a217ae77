using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.State;

namespace Driftless.Core.Execution;

/// <summary>What a mode needs to apply one service.</summary>
/// <param name="Registry">The registry being converged.</param>
/// <param name="Item">The plan item for the service.</param>
/// <param name="Applied">Applied records of every service as of now (updated as the run advances).</param>
internal sealed record ApplyContext(
    DriftlessRegistry Registry,
    PlanItem Item,
    IReadOnlyDictionary<string, AppliedRecord> Applied);
