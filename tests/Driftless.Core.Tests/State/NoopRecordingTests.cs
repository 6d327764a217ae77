using Driftless.Core.Events;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.State;

/// <summary>A pass that finds nothing to do adds nothing to the history, however often it runs.</summary>
public sealed class NoopRecordingTests : IAsyncLifetime
{
    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task RepeatedNoopPasses_AfterAnAdoption_RecordNothing()
    {
        var web = _stack.Service("web");
        var registry = _stack.Registry(web);
        _stack.Run(web);
        await _stack.AdoptAsync(registry);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(EventResult.Noop, Assert.Single((await _stack.ApplyAsync(registry)).Outcomes).Event.Result);
        }

        Assert.Equal([EventResult.Adopted], (await _stack.Store.HistoryAsync("web", 100, default)).Select(e => e.Result));
    }

    [Fact]
    public async Task Noop_IsRecordedOnce_WhenTheContainerChangedUnderIt()
    {
        // Someone recreated the container by hand with the same content: the history says so once.
        var web = _stack.Service("web");
        var registry = _stack.Registry(web);
        _stack.Run(web);
        await _stack.AdoptAsync(registry);
        var replaced = _stack.Run(web);

        await _stack.ApplyAsync(registry);
        await _stack.ApplyAsync(registry);

        var history = await _stack.Store.HistoryAsync("web", 100, default);
        Assert.Equal([EventResult.Noop, EventResult.Adopted], history.Select(e => e.Result));
        Assert.Equal(replaced.Id, history[0].ContainerId);
    }
}
