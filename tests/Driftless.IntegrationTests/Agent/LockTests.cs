using Driftless.Core.Events;
using Driftless.Core.State;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary>A running <c>driftless apply</c> holds the lock: the agent waits (warns, retries) and then runs the pass.</summary>
[Collection(AgentLoopCollection.Name)]
public sealed class LockTests
{
    [Fact]
    public async Task Pass_Waits_For_A_Held_Apply_Lock_Then_Runs()
    {
        await using var h = new AgentHarness();
        h.Dir.Write("cfg/app.conf", "v1\n");
        await using var c = await TestContainer.StartAsync(TestNames.Unique(), new Dictionary<string, string> { [h.Dir.File("cfg")] = "/cfg" });
        h.WriteRegistry(AgentHarness.ExecService("app", c.Name));
        await h.StartAsync();

        Task<Driftless.Agent.Control.ReconcileResult> reconcile;
        var mark = h.Events.Count;
        using (ApplyLock.Acquire(h.Dir.File(".driftless")))
        {
            File.WriteAllText(h.Dir.File("cfg/app.conf"), "v2\n");
            reconcile = h.Loop.ReconcileAsync("app", CancellationToken.None);
            var held = await h.Events.NthAsync<LockHeldSeen>(2, mark);
            Assert.Equal(TimeSpan.FromMilliseconds(100), held.RetryIn);
            Assert.Empty(h.Events.Passes(mark));
            Assert.False(reconcile.IsCompleted);
        }

        var result = await reconcile;
        Assert.True(result.Succeeded);
        Assert.Contains(result.Events, e => e.Result == EventResult.Applied);
    }
}
