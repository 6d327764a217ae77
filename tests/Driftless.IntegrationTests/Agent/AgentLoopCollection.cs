namespace Driftless.IntegrationTests.Agent;

/// <summary>The convergence-loop tests against the engine run one class at a time (they start containers and watch files).</summary>
[CollectionDefinition(Name)]
public sealed class AgentLoopCollection
{
    public const string Name = "agent loop on docker";
}
