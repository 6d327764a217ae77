using Driftless.Agent.Tests.Support;
using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Planning;

namespace Driftless.Agent.Tests.Loop;

/// <summary><c>POST /v1/reconcile</c> as the loop answers it: a pass now, through the same pipeline.</summary>
public sealed class ReconcileTests
{
    [Fact]
    public async Task Reconcile_Runs_A_Pass_Of_The_Service_And_Returns_Its_Events()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.Pass.Outcome = s => (EventResult.Applied, Verdict.InSync);

        var result = await rig.Loop.ReconcileAsync("a", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("a", Assert.Single(result.Events).Service);
        Assert.Equal(["a"], rig.Pass.Calls.Last());
    }

    [Fact]
    public async Task Reconcile_Of_Every_Service_Passes_Them_All_And_Leaves_Out_No_Ops()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.Pass.Outcome = s => s == "a" ? (EventResult.Applied, Verdict.InSync) : (EventResult.Noop, Verdict.InSync);

        var result = await rig.Loop.ReconcileAsync(null, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("a", Assert.Single(result.Events).Service);
        Assert.Empty(rig.Pass.Calls.Last());
    }

    [Fact]
    public async Task Reconcile_Of_An_Unknown_Service_Is_An_UnknownService_Error_Naming_The_Services()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();

        var error = await Assert.ThrowsAsync<DriftlessException>(() => rig.Loop.ReconcileAsync("nope", CancellationToken.None));

        Assert.Equal(ErrorKind.UnknownService, error.Kind);
        Assert.Contains("services: a, b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Pass_Failing_As_A_Whole_Fails_The_Reconcile_With_Its_Error_And_The_Loop_Goes_On()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.Pass.Throws = new EngineUnreachableException("unix:///var/run/docker.sock");

        var error = await Assert.ThrowsAsync<EngineUnreachableException>(() => rig.Loop.ReconcileAsync("a", CancellationToken.None));
        Assert.Equal(ErrorKind.EngineUnreachable, error.Kind);
        Assert.Same(error, rig.Events.Passes()[^1].Error);

        rig.Pass.Throws = null;
        Assert.True((await rig.Loop.ReconcileAsync("a", CancellationToken.None)).Succeeded);
    }
}
