using Driftless.Agent.Tests.Support;
using Driftless.Core.Errors;
using Driftless.Core.Planning;
using Driftless.IntegrationTests.Agent;
using Driftless.IntegrationTests.Support;

namespace Driftless.Agent.Tests.Loop;

/// <summary>
/// A pass that fails as a whole observed nothing: its services are unknown (never the old in_sync), with the desired
/// hash of the files as they are now, phase failed, drift 1, and <c>lastPassAt</c> stays at the last pass that ran.
/// The engine answering again restores everything at the next pass.
/// </summary>
public sealed class EngineUnreachableTests
{
    private const string Endpoint = "unix:///tmp/no-engine.sock";

    [Fact]
    public async Task An_edit_while_the_engine_is_unreachable_shows_unknown_the_new_desired_hash_and_drift()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        var ran = rig.Events.Passes()[0];
        var before = await rig.Loop.StatusAsync(CancellationToken.None);
        rig.Pass.Throws = new EngineUnreachableException(Endpoint);

        rig.Dir.Write("cfg/a/app.conf", "a2\n");
        var mark = rig.Events.Count;
        rig.AdvancePastDebounce();
        var failed = await rig.Events.PassAsync(mark);
        var status = await rig.Loop.StatusAsync(CancellationToken.None);
        var metrics = await rig.MetricsTextAsync();

        Assert.Equal(["a"], failed.Services);
        Assert.IsType<EngineUnreachableException>(failed.Error);
        Assert.Equal(["a", "b"], failed.Unverified);
        Assert.Equal([Verdict.InSync, Verdict.InSync], before.Services.Select(s => s.Verdict));
        Assert.Equal([Verdict.Unknown, Verdict.Unknown], status.Services.Select(s => s.Verdict));
        Assert.Equal([ServicePhase.Failed, ServicePhase.Failed], status.Services.Select(s => s.Phase));
        Assert.All(status.Services, s => Assert.StartsWith($"container engine unreachable at {Endpoint}", s.Error, StringComparison.Ordinal));
        Assert.Equal(DesiredHash.OfDirectory(rig.Dir.Path, rig.Dir.File("cfg/a")).Value, status.Services[0].DesiredHash);
        Assert.NotEqual(before.Services[0].DesiredHash, status.Services[0].DesiredHash);
        Assert.Equal(before.Services[1].DesiredHash, status.Services[1].DesiredHash);
        Assert.Equal(ran.FinishedAt, status.LastPassAt);
        Assert.StartsWith($"container engine unreachable at {Endpoint}", status.LastPassError, StringComparison.Ordinal);
        Assert.Equal(failed.FinishedAt, status.LastPassErrorAt);
        Assert.Contains("driftless_drift{service=\"a\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_drift{service=\"b\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_engine_answers_again_the_next_pass_restores_verdicts_phase_and_drift()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.Pass.Throws = new EngineUnreachableException(Endpoint);
        await Assert.ThrowsAsync<EngineUnreachableException>(() => rig.Loop.ReconcileAsync(null, CancellationToken.None));

        rig.Pass.Throws = null;
        var mark = rig.Events.Count;
        Assert.True((await rig.Loop.ReconcileAsync(null, CancellationToken.None)).Succeeded);
        var ran = await rig.Events.PassAsync(mark);
        var status = await rig.Loop.StatusAsync(CancellationToken.None);
        var metrics = await rig.MetricsTextAsync();

        Assert.Empty(ran.Unverified);
        Assert.Equal([Verdict.InSync, Verdict.InSync], status.Services.Select(s => s.Verdict));
        Assert.Equal([ServicePhase.Running, ServicePhase.Running], status.Services.Select(s => s.Phase));
        Assert.All(status.Services, s => Assert.Null(s.Error));
        Assert.Equal(ran.FinishedAt, status.LastPassAt);
        Assert.Null(status.LastPassError);
        Assert.Null(status.LastPassErrorAt);
        Assert.Contains("driftless_drift{service=\"a\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_drift{service=\"b\"} 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pass_failing_for_another_reason_makes_only_its_own_services_unknown()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.Pass.Throws = new DriftlessException(ErrorKind.StateUnusable, "state.db is not a database");

        await Assert.ThrowsAsync<DriftlessException>(() => rig.Loop.ReconcileAsync("a", CancellationToken.None));
        var status = await rig.Loop.StatusAsync(CancellationToken.None);
        var metrics = await rig.MetricsTextAsync();

        Assert.Equal([Verdict.Unknown, Verdict.InSync], status.Services.Select(s => s.Verdict));
        Assert.Equal("state.db is not a database", status.Services[0].Error);
        Assert.Null(status.Services[1].Error);
        Assert.Contains("driftless_drift{service=\"a\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("driftless_drift{service=\"b\"} 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_input_that_cannot_be_hashed_has_no_desired_hash_rather_than_a_stale_one()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.Pass.Throws = new EngineUnreachableException(Endpoint);
        Directory.Delete(rig.Dir.File("cfg/a"), recursive: true);

        await Assert.ThrowsAsync<EngineUnreachableException>(() => rig.Loop.ReconcileAsync("a", CancellationToken.None));
        var status = await rig.Loop.StatusAsync(CancellationToken.None);

        Assert.Null(status.Services[0].DesiredHash);
        Assert.Equal(Verdict.Unknown, status.Services[0].Verdict);
    }

    [Fact]
    public async Task After_a_failed_pass_the_same_content_saved_again_asks_for_a_pass()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.Pass.Throws = new EngineUnreachableException(Endpoint);
        rig.Dir.Write("cfg/a/app.conf", "a2\n");
        var mark = rig.Events.Count;
        rig.AdvancePastDebounce();
        await rig.Events.PassAsync(mark);
        rig.Pass.Throws = null;

        // The failed pass acted on nothing: identical bytes are not "already handled".
        rig.Dir.ReplaceAtomically("cfg/a/app.conf", "a2\n");
        mark = rig.Events.Count;
        rig.AdvancePastDebounce();
        var retried = await rig.Events.PassAsync(mark);

        Assert.Equal(["a"], retried.Services);
        Assert.Null(retried.Error);
        Assert.Equal(Verdict.InSync, (await rig.Loop.StatusAsync(CancellationToken.None)).Services[0].Verdict);
    }
}
