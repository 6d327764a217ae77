using Driftless.Agent.Loop;
using Driftless.Agent.Tests.Support;
using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Agent.Tests.Loop;

/// <summary>
/// The registry in force: the one handed over at start is revision 1; a valid edit becomes the next revision;
/// an invalid one is rejected, shown in status and metrics, and the last good registry kept.
/// </summary>
public sealed class RegistryTests
{
    [Fact]
    public async Task The_Loop_Converges_The_Registry_It_Was_Handed_Without_Parsing_The_File_Again()
    {
        await using var rig = new LoopRig();
        var registry = await new RegistryLoader().LoadAsync(rig.RegistryPath, CancellationToken.None);
        File.WriteAllText(rig.RegistryPath, "this: [is not a registry\n");

        await rig.StartAsync(registry);

        var status = await rig.Loop.StatusAsync(CancellationToken.None);
        Assert.Equal(["a", "b"], status.Services.Select(s => s.Name));
        Assert.Equal(1, status.RegistryRevision);
        Assert.Null(status.RegistryError);
        var started = Assert.Single(rig.Events.All<RegistryUpdate>());
        Assert.Same(registry, started.Registry);
        Assert.Null(started.Previous);
    }

    [Fact]
    public async Task An_Accepted_Edit_Is_The_Next_Revision_And_Passes_Every_Service_Of_It()
    {
        await using var rig = new LoopRig();
        rig.Dir.Write("cfg/c/app.conf", "c1\n");
        await rig.StartAsync();

        rig.WriteRegistry(services: LoopRig.Service("a") + LoopRig.Service("c"));
        var mark = rig.Events.Count;
        rig.AdvancePastDebounce();

        var update = await rig.Events.WaitAsync<RegistryUpdate>(from: mark);
        Assert.Equal(2, update.Revision);
        Assert.Equal(["b"], update.DroppedServices);
        Assert.Equal(["a", "c"], (await rig.Events.PassAsync(mark)).Services);
        var status = await rig.Loop.StatusAsync(CancellationToken.None);
        Assert.Equal(2, status.RegistryRevision);
        Assert.Equal(["a", "c"], status.Services.Select(s => s.Name));
        var metrics = await rig.MetricsTextAsync();
        Assert.Contains("driftless_registry_reloads_total{result=\"accepted\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_registry_revision 2", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Rejected_Edit_Keeps_The_Last_Good_Registry_And_Shows_Why_In_Status_And_Metrics()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();

        rig.WriteRegistry(services: LoopRig.Service("a", "bogus"));
        var mark = rig.Events.Count;
        rig.AdvancePastDebounce();

        var rejection = await rig.Events.WaitAsync<RegistryRejection>(from: mark);
        Assert.Equal(ErrorKind.InvalidRegistry, rejection.Error.Kind);
        Assert.Equal(1, rejection.RevisionInForce);
        var status = await rig.Loop.StatusAsync(CancellationToken.None);
        Assert.Equal(1, status.RegistryRevision);
        Assert.Equal(rejection.Error.Message, status.RegistryError);
        Assert.Contains($"{rig.RegistryPath}:", status.RegistryError, StringComparison.Ordinal);
        Assert.Contains("services.a.apply", status.RegistryError, StringComparison.Ordinal);
        Assert.Equal(rig.Time.GetUtcNow(), status.RegistryErrorAt);
        Assert.Equal(["a", "b"], status.Services.Select(s => s.Name));
        var metrics = await rig.MetricsTextAsync();
        Assert.Contains("driftless_registry_reloads_total{result=\"rejected\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_registry_reloads_total{result=\"accepted\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_registry_last_reload_successful 0", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_registry_revision 1", metrics, StringComparison.Ordinal);

        // The last good registry is still converged.
        Assert.Equal(["b"], (await rig.BarrierAsync("b")).Services);
    }

    [Fact]
    public async Task A_Later_Accepted_Edit_Clears_The_Registry_Error()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.WriteRegistry(services: "  a: {inputs: [cfg/a/], nonsense: 1}\n");
        var mark = rig.Events.Count;
        rig.AdvancePastDebounce();
        await rig.Events.WaitAsync<RegistryRejection>(from: mark);

        rig.WriteRegistry(services: LoopRig.Service("a") + LoopRig.Service("b", "exec", "    exec: [\"true\"]\n"));
        mark = rig.Events.Count;
        rig.AdvancePastDebounce();

        Assert.Equal(2, (await rig.Events.WaitAsync<RegistryUpdate>(from: mark)).Revision);
        var status = await rig.Loop.StatusAsync(CancellationToken.None);
        Assert.Null(status.RegistryError);
        Assert.Null(status.RegistryErrorAt);
        Assert.Equal("exec", status.Services[1].Mode);
        Assert.Contains("driftless_registry_last_reload_successful 1", await rig.MetricsTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restoring_The_Bytes_In_Force_After_A_Rejected_Edit_Clears_The_Error()
    {
        await using var rig = new LoopRig();
        var good = File.ReadAllText(rig.RegistryPath);
        await rig.StartAsync();
        File.WriteAllText(rig.RegistryPath, good.Replace("apply: restart", "apply: bogus", StringComparison.Ordinal));
        var mark = rig.Events.Count;
        rig.AdvancePastDebounce();
        await rig.Events.WaitAsync<RegistryRejection>(from: mark);

        File.WriteAllText(rig.RegistryPath, good);
        mark = rig.Events.Count;
        rig.AdvancePastDebounce();

        await rig.Events.WaitAsync<RegistryUpdate>(from: mark);
        Assert.Null((await rig.Loop.StatusAsync(CancellationToken.None)).RegistryError);
    }

    [Fact]
    public async Task Saving_The_Registry_In_Force_Again_Is_Not_An_Edit()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();

        File.WriteAllText(rig.RegistryPath, File.ReadAllText(rig.RegistryPath));
        var mark = rig.Events.Count;
        rig.AdvancePastDebounce();

        // The reload, had there been one, comes before the barrier's pass.
        Assert.Equal(["b"], (await rig.BarrierAsync()).Services);
        Assert.Empty(rig.Events.All<RegistryUpdate>(mark));
        Assert.Empty(rig.Events.All<RegistryRejection>(mark));
        Assert.Equal(1, (await rig.Loop.StatusAsync(CancellationToken.None)).RegistryRevision);
    }
}
