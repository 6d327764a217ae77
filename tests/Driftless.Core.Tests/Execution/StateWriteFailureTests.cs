using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Planning;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Execution;

/// <summary>
/// The state store refusing a write mid-run (a full disk, a read-only remount, a damaged page), through the one
/// pass: nothing is touched when the start cannot be recorded; an outcome that cannot be recorded is a failure.
/// </summary>
public sealed class StateWriteFailureTests : IAsyncLifetime
{
    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    public static TheoryData<ErrorKind> StateKinds => new() { ErrorKind.StateNotWritable, ErrorKind.StateUnusable };

    [Theory]
    [MemberData(nameof(StateKinds))]
    public async Task Apply_WhenTheStartedMarkerCannotBeWritten_AbortsBeforeTouchingAnyContainer(ErrorKind kind)
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("a"), _stack.Service("b"));
        var adopted = (await _stack.AppliedAsync("a"))!.Hash;
        _stack.Host.Write("configs/a/a.conf", "two");
        _stack.Host.Write("configs/b/a.conf", "two");
        _stack.StoreFaults.FailStarted = new DriftlessException(kind, "the state directory /x cannot be written (database or disk is full)");
        var sink = new CollectingSink();

        var e = await Assert.ThrowsAsync<DriftlessException>(() => _stack.ApplyAsync(registry, new ApplyOptions(Events: sink, Parallelism: 2)));

        Assert.Equal(kind, e.Kind);
        Assert.Contains("was not applied, nothing of it was touched", e.Message, StringComparison.Ordinal);
        Assert.Contains("database or disk is full", e.Message, StringComparison.Ordinal);
        Assert.Empty(_stack.Runtime.Calls);
        Assert.Empty(sink.Events);
        Assert.Equal(adopted, (await _stack.AppliedAsync("a"))!.Hash);
        Assert.All(await _stack.Store.HistoryAsync(null, 10, default), h => Assert.Equal(EventResult.Adopted, h.Result));
    }

    [Fact]
    public async Task Apply_WhenTheOutcomeCannotBeWritten_ReportsTheServiceFailed_WithWhatHappened_AndDoesNotAdvance()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.StoreFaults.FailOutcome = new DriftlessException(ErrorKind.StateNotWritable, "the state directory /x cannot be written (database or disk is full)");
        var sink = new CollectingSink();

        var report = await _stack.ApplyAsync(registry, new ApplyOptions(Events: sink));

        // The restart happened and is reported; it is not recorded, so the service is failed and stays pending.
        Assert.Equal(["restart web grace=10"], _stack.Runtime.Calls);
        var outcome = Assert.Single(report.Outcomes);
        Assert.False(report.Succeeded);
        Assert.Equal(EventResult.Failed, outcome.Event.Result);
        Assert.StartsWith("outcome not recorded (applied): the state directory /x cannot be written (database or disk is full)", outcome.Event.Error, StringComparison.Ordinal);
        Assert.Equal("restart", outcome.Event.ModeUsed);
        Assert.NotEqual(Verdict.InSync, outcome.Verdict);
        Assert.Equal([outcome.Event], sink.Events);
        Assert.Equal(adopted, (await _stack.AppliedAsync("web"))!.Hash);

        // The durable marker shows the attempt; the next apply (with the disk freed) runs it again.
        Assert.Equal(EventResult.Started, (await _stack.Store.HistoryAsync("web", 1, default))[0].Result);
        _stack.StoreFaults.FailOutcome = null;
        Assert.Equal(PlanAction.Apply, (await _stack.PlanItemAsync(registry, "web")).Action);
        var retried = await _stack.ApplyAsync(registry);
        Assert.Equal(EventResult.Applied, Assert.Single(retried.Outcomes).Event.Result);
        Assert.Equal(outcome.Event.NewHash, (await _stack.AppliedAsync("web"))!.Hash);
    }

    [Fact]
    public async Task Apply_WhenAFailureCannotBeWritten_KeepsWhyItFailed()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.Runtime.CrashOnApply.Add("web");
        _stack.StoreFaults.FailOutcome = new DriftlessException(ErrorKind.StateUnusable, "the state database /x/state.db is unusable (database disk image is malformed)");

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.StartsWith("outcome not recorded (failed: ", e.Error, StringComparison.Ordinal);
        Assert.Contains("exit code 3", e.Error, StringComparison.Ordinal);
        Assert.Contains("database disk image is malformed", e.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_WhenPruningCannotBeWritten_StillReportsWhatItRecorded()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.StoreFaults.FailPrune = new DriftlessException(ErrorKind.StateNotWritable, "the state directory /x cannot be written (database or disk is full)");

        var report = await _stack.ApplyAsync(registry);

        Assert.True(report.Succeeded);
        Assert.Equal(EventResult.Applied, Assert.Single(report.Outcomes).Event.Result);
        Assert.Equal(report.Outcomes[0].Event.NewHash, (await _stack.AppliedAsync("web"))!.Hash);
    }

    private sealed class CollectingSink : IEventSink
    {
        public List<ApplyEvent> Events { get; } = [];

        public Task WriteAsync(ApplyEvent applyEvent, CancellationToken cancellationToken)
        {
            Events.Add(applyEvent);
            return Task.CompletedTask;
        }
    }
}
