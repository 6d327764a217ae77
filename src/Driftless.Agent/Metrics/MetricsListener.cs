using Driftless.Agent.Loop;
using Driftless.Core.Planning;

namespace Driftless.Agent.Metrics;

/// <summary>Feeds <see cref="AgentMetrics"/> from what the convergence loop does.</summary>
internal sealed class MetricsListener(AgentMetrics metrics) : IAgentLoopListener
{
    public void RegistryApplied(RegistryUpdate update)
    {
        foreach (var dropped in update.DroppedServices)
        {
            metrics.Forget(dropped);
        }

        metrics.RegistryApplied(update.Revision);
    }

    public void RegistryRejected(RegistryRejection rejection) => metrics.RegistryRejected();

    public void PassCompleted(PassCompletion pass)
    {
        // Unknown is never in sync: a service nobody could observe counts as drifted until a pass sees it.
        foreach (var service in pass.Unverified)
        {
            metrics.SetDrift(service, drifted: true);
        }

        if (pass.Report is not { } report)
        {
            return;
        }

        foreach (var outcome in report.Outcomes)
        {
            metrics.Record(outcome.Event);
            metrics.SetDrift(outcome.Item.Service.Name, outcome.Verdict != Verdict.InSync);
        }

        foreach (var removal in report.Removals)
        {
            metrics.Record(removal);
        }
    }
}
