using Driftless.Agent.Loop;
using Driftless.Agent.Tests.Support;
using Driftless.IntegrationTests.Agent;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Agent.Tests.Loop;

/// <summary>Listeners are told in turn; one that throws stops neither the others nor the loop.</summary>
public sealed class ListenerTests
{
    [Fact]
    public async Task A_Throwing_Listener_Stops_Neither_The_Others_Nor_The_Loop()
    {
        await using var rig = new LoopRig();
        var registry = await new Core.Registry.RegistryLoader().LoadAsync(rig.RegistryPath, CancellationToken.None);
        var recorder = new LoopRecorder();
        using var loop = new ConvergenceLoop(
            new AgentLoopOptions(registry, (store, time, _) => { rig.Pass.Store = store; return rig.Pass; }),
            rig.Time,
            NullLoggerFactory.Instance,
            [new Throwing(), recorder]);
        await loop.StartAsync(CancellationToken.None);
        try
        {
            await recorder.PassAsync();
            Assert.True((await loop.ReconcileAsync("a", CancellationToken.None)).Succeeded);
            await recorder.PassesAsync(2);
            Assert.Single(recorder.All<RegistryUpdate>());
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    private sealed class Throwing : IAgentLoopListener
    {
        public void RegistryApplied(RegistryUpdate update) => throw new InvalidOperationException("listener bug");

        public void PassCompleted(PassCompletion pass) => throw new InvalidOperationException("listener bug");
    }
}
