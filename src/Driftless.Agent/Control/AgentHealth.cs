namespace Driftless.Agent.Control;

/// <summary>What <c>GET /healthz</c> reports.</summary>
/// <param name="Healthy">False when the loop is stuck: work pending and no pass completed within three ticks.</param>
/// <param name="Problem">Why it is unhealthy, for an operator; null when healthy.</param>
public sealed record AgentHealth(bool Healthy, string? Problem)
{
    public static readonly AgentHealth Ok = new(true, null);
}
