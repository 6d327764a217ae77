using Driftless.Agent.Tests.Support;
using Driftless.Core.Events;
using Driftless.Core.Planning;

namespace Driftless.Agent.Tests.Loop;

/// <summary>The metrics listener: outcomes counted, drift from the verdicts, the registry revision from the start.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Pass_Outcomes_Are_Counted_And_Drift_Follows_The_Verdict()
    {
        await using var rig = new LoopRig();
        rig.Pass.Outcome = s => s == "a" ? (EventResult.Applied, Verdict.InSync) : (EventResult.Failed, Verdict.Failed);
        await rig.StartAsync();

        var metrics = await rig.MetricsTextAsync();

        Assert.Contains("driftless_applies_total{service=\"a\",mode=\"restart\",result=\"applied\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_applies_total{service=\"b\",mode=\"restart\",result=\"failed\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_drift{service=\"a\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_drift{service=\"b\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Registry_Handed_Over_At_Start_Is_Revision_1_And_Not_A_Reload()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();

        var metrics = await rig.MetricsTextAsync();

        Assert.Contains("driftless_registry_revision 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_registry_last_reload_successful 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_registry_reloads_total{result=\"accepted\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_registry_reloads_total{result=\"rejected\"} 0", metrics, StringComparison.Ordinal);
    }
}
