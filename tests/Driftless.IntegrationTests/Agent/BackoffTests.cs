using Driftless.Agent.Loop;
using Driftless.Core.Events;
using Driftless.Core.Planning;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary>A failing service: phase Failed with its error, retried with capped exponential backoff, recovered by a fix.</summary>
[Collection(AgentLoopCollection.Name)]
public sealed class BackoffTests
{
    [Fact]
    public async Task Failed_Apply_Is_Retried_With_Backoff_And_A_Fixed_Registry_Recovers()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v1\n", exec: "[\"false\"]");

        File.WriteAllText(h.Dir.File("cfg/app.conf"), "v2\n");

        await h.WaitForEventAsync("app", e => e.Result == EventResult.Failed);
        // Between two retries (the first one may already be in flight, phase Pending) the service shows Failed, its error and the next retry.
        await AgentHarness.UntilAsync(
            async () => Assert.Single((await h.Loop.StatusAsync(CancellationToken.None)).Services) is { Phase: ServicePhase.Failed, Error: not null, RetryAt: not null },
            "phase Failed with its error and the next retry time");

        // Retried by the backoff timer alone (no file change, tick 1h): 200 ms, 400 ms, 800 ms after each failure.
        await h.Events.WaitAsync<PassCompletion>(p => p.Retries.GetValueOrDefault("app") == TimeSpan.FromMilliseconds(800), what: "the third failure");
        var failed = h.Events.Passes().Where(p => p.Retries.ContainsKey("app")).Take(3).ToList();
        Assert.Equal([200, 400, 800], failed.Select(p => p.Retries["app"].TotalMilliseconds));
        for (var i = 1; i < failed.Count; i++)
        {
            // The delay runs from the failure, which lies between the previous pass's start and finish.
            Assert.True(failed[i].StartedAt - failed[i - 1].StartedAt >= failed[i - 1].Retries["app"], "a retry before its backoff delay");
        }

        Assert.True((await h.HistoryAsync("app")).Count(e => e.Result == EventResult.Failed) >= 3);

        h.WriteRegistry(AgentHarness.ExecService("app", c.Name));
        await h.WaitForEventAsync("app", e => e.Result == EventResult.Applied);
        await AgentHarness.UntilAsync(
            async () => (await h.Loop.StatusAsync(CancellationToken.None)).Services[0] is { Phase: ServicePhase.Running, RetryAt: null, Verdict: Verdict.InSync },
            "the service to recover");
    }

    [Fact]
    public async Task Reconcile_Runs_A_Pass_And_Returns_Its_Events()
    {
        await using var h = new AgentHarness();
        h.Dir.Write("cfg/app.conf", "v1\n");
        await using var c = await TestContainer.StartAsync(TestNames.Unique(), new Dictionary<string, string> { [h.Dir.File("cfg")] = "/cfg" });
        h.WriteRegistry(AgentHarness.ExecService("app", c.Name), top: "wait: {min: 10m, max: 20m}\ntick: 1h\n");
        await h.StartAsync();

        // The debounce would wait ten minutes; an explicit reconcile acts now.
        File.WriteAllText(h.Dir.File("cfg/app.conf"), "v2\n");
        var result = await h.Loop.ReconcileAsync("app", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Contains(result.Events, e => e.Result == EventResult.Applied);
        await Assert.ThrowsAsync<Core.Errors.DriftlessException>(() => h.Loop.ReconcileAsync("nope", CancellationToken.None));
    }
}
