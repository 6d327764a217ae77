using System.Globalization;
using Driftless.Agent.Control;

namespace Driftless.Agent.Loop;

/// <summary>The loop is stuck when work has been pending for three ticks without a pass completing.</summary>
internal static class LoopHealth
{
    public const int TicksAllowed = 3;

    /// <param name="pendingSince">Since when work has waited with no pass completed; null when idle.</param>
    /// <param name="now">The clock now.</param>
    /// <param name="tick">The tick in force.</param>
    public static AgentHealth Judge(DateTimeOffset? pendingSince, DateTimeOffset now, TimeSpan tick)
    {
        var limit = tick * TicksAllowed;
        if (pendingSince is not { } since || now - since <= limit)
        {
            return AgentHealth.Ok;
        }

        return new AgentHealth(
            false,
            string.Create(
                CultureInfo.InvariantCulture,
                $"the convergence loop is stuck: work pending since {since:O} and no pass completed for {(now - since).TotalSeconds:0.#} s (allowed: {TicksAllowed} ticks of {tick.TotalSeconds:0.###} s)"));
    }
}
