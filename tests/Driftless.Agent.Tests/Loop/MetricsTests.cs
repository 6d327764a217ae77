using Driftless.Agent.Tests.Support;
using Driftless.Core.Events;
using Driftless.Core.Errors;
using Driftless.Core.Planning;
using Driftless.Core.Runtime;

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

    [Fact]
    public async Task Checks_Are_Counted_By_Result()
    {
        await using var rig = await CheckedRig.StartAsync();
        rig.Engine.CheckResult = new CheckRunResult(1, false, "app.conf:1: unexpected token", TimeSpan.Zero);
        await rig.SaveAAsync("broken {\n");
        rig.Engine.CheckResult = new CheckRunResult(null, true, "still validating", TimeSpan.FromSeconds(30));
        await rig.SaveAAsync("slow {\n");
        rig.Engine.CheckFailure = new DriftlessException(ErrorKind.ApplyFailed, "a: the check container could not start: image not found");
        await rig.SaveAAsync("unchecked {\n");
        rig.Engine.CheckFailure = null;
        rig.Engine.CheckResult = CheckedRig.Passes;
        await rig.SaveAAsync("fixed\n");

        var metrics = await rig.Rig.MetricsTextAsync();

        Assert.Equal(4, rig.Engine.CheckRuns.Count);
        Assert.Contains("driftless_checks_total{service=\"a\",result=\"failed\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_checks_total{service=\"a\",result=\"timed_out\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_checks_total{service=\"a\",result=\"error\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_checks_total{service=\"a\",result=\"passed\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_applies_total{service=\"a\",mode=\"restart\",result=\"rejected\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_applies_total{service=\"a\",mode=\"restart\",result=\"applied\"} 1", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("driftless_checks_total{service=\"b\"", metrics, StringComparison.Ordinal);
    }
}
