using Driftless.Agent.Control;
using Driftless.Agent.Loop;
using Driftless.Agent.Tests.Support;
using Driftless.Core.Events;
using Driftless.Core.Planning;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Agent.Tests.Loop;

/// <summary>Capped exponential backoff per failed service, timed on a fake clock.</summary>
public sealed class BackoffTests
{
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_Failing_Service_Is_Retried_After_1s_2s_4s_Doubling_Up_To_5min()
    {
        await using var rig = new LoopRig();
        rig.Pass.Outcome = s => s == "a" ? (EventResult.Failed, Verdict.Failed) : (EventResult.Noop, Verdict.InSync);
        await rig.StartAsync();
        var failed = rig.Events.Passes()[0];
        TimeSpan[] delays = [.. new[] { 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300 }.Select(s => TimeSpan.FromSeconds(s))];

        foreach (var delay in delays)
        {
            Assert.Equal(delay, failed.Retries["a"]);
            Assert.Equal(failed.FinishedAt + delay, Service(await rig.Loop.StatusAsync(CancellationToken.None), "a").RetryAt);

            // A millisecond early nothing asked for "a": the barrier pass would have taken it along.
            rig.Time.Advance(delay - Millisecond);
            Assert.Equal(["b"], (await rig.BarrierAsync()).Services);

            var mark = rig.Events.Count;
            rig.Time.Advance(Millisecond);
            var retry = await rig.Events.PassAsync(mark);
            Assert.Equal(["a"], retry.Services);
            Assert.Equal(failed.FinishedAt + delay, retry.StartedAt);
            failed = retry;
        }
    }

    [Fact]
    public async Task A_Success_Resets_The_Backoff()
    {
        await using var rig = new LoopRig();
        var fail = true;
        rig.Pass.Outcome = s => s == "a" && fail ? (EventResult.Failed, Verdict.Failed) : (EventResult.Noop, Verdict.InSync);
        await rig.StartAsync();
        var mark = rig.Events.Count;
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), (await rig.Events.PassAsync(mark)).Retries["a"]);

        fail = false;
        mark = rig.Events.Count;
        rig.Time.Advance(TimeSpan.FromSeconds(2));
        var recovered = await rig.Events.PassAsync(mark);
        Assert.Empty(recovered.Retries);
        Assert.Null(Service(await rig.Loop.StatusAsync(CancellationToken.None), "a").RetryAt);

        fail = true;
        mark = rig.Events.Count;
        await rig.Loop.ReconcileAsync("a", CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(1), (await rig.Events.PassAsync(mark)).Retries["a"]);
    }

    [Fact]
    public async Task An_Input_Change_Retries_At_Once_Despite_The_Backoff()
    {
        await using var rig = new LoopRig("wait: {min: 0s, max: 1s}\ntick: 1h\nagent: {watch: poll, poll: 500ms}\n");
        rig.Pass.Outcome = s => s == "a" ? (EventResult.Failed, Verdict.Failed) : (EventResult.Noop, Verdict.InSync);
        await rig.StartAsync(o => o with { RetryFirst = TimeSpan.FromMinutes(1) });

        rig.Dir.Write("cfg/a/app.conf", "a2\n");
        var mark = rig.Events.Count;
        rig.Time.Advance(LoopRig.Poll);
        var retry = await rig.Events.PassAsync(mark);

        Assert.Equal(["a"], retry.Services);
        Assert.Equal(TimeSpan.FromMinutes(2), retry.Retries["a"]);
    }

    [Fact]
    public async Task A_Reconcile_Retries_At_Once_Despite_The_Backoff()
    {
        await using var rig = new LoopRig();
        rig.Pass.Outcome = s => s == "a" ? (EventResult.Failed, Verdict.Failed) : (EventResult.Noop, Verdict.InSync);
        await rig.StartAsync(o => o with { RetryFirst = TimeSpan.FromMinutes(1) });

        var result = await rig.Loop.ReconcileAsync("a", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("a failed", Assert.Single(result.Events).Error);
        Assert.Equal(rig.Events.Passes()[0].StartedAt, rig.Events.Passes()[1].StartedAt);
    }

    [Fact]
    public async Task The_Tick_Leaves_A_Service_Waiting_Out_Its_Backoff()
    {
        await using var rig = new LoopRig(LoopRig.Top.Replace("tick: 1h", "tick: 10s", StringComparison.Ordinal));
        rig.Pass.Outcome = s => s == "a" ? (EventResult.Failed, Verdict.Failed) : (EventResult.Noop, Verdict.InSync);
        await rig.StartAsync(o => o with { RetryFirst = TimeSpan.FromMinutes(1) });

        var mark = rig.Events.Count;
        rig.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["b"], (await rig.Events.PassAsync(mark)).Services);
    }

    [Fact]
    public void A_Tick_At_The_Instant_A_Retry_Falls_Due_Leaves_The_Service_To_Its_Retry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var requested = new List<string>();
        bool? waitingAtTick = null;
        RetryBackoff? backoff = null;

        // Created first, so at the shared instant the fake clock fires it first, as a tick may in production.
        using var tick = time.CreateTimer(_ => waitingAtTick = backoff!.Waiting("a"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using (backoff = new RetryBackoff(time, new CappedExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)), requested.Add))
        {
            Assert.Equal(TimeSpan.FromSeconds(1), backoff.Fail("a"));
            Assert.True(backoff.Waiting("a"));

            time.Advance(TimeSpan.FromSeconds(1));

            // Else the tick's pass would run "a" and the retry's request run it again.
            Assert.True(waitingAtTick);
            Assert.Equal(["a"], requested);
            Assert.False(backoff.Waiting("a"));
        }
    }

    private static ServiceStatus Service(AgentStatus status, string name) => status.Services.Single(s => s.Name == name);
}
