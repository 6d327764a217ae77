using Driftless.Core.Events;
using Driftless.Core.Registry;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.State;

/// <summary>A pass that records events prunes history to the registry's <c>history:</c> retention.</summary>
public sealed class HistoryPruningTests : IAsyncLifetime
{
    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Apply_KeepsTheNewestEventsPerService_AsTheRegistrySays()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web")) with { History = new HistorySettings(3, null) };

        for (var change = 0; change < 6; change++)
        {
            _stack.Host.Write("configs/web/a.conf", $"v{change}");
            Assert.Equal(EventResult.Applied, Assert.Single((await _stack.ApplyAsync(registry)).Outcomes).Event.Result);
        }

        var history = await _stack.Store.HistoryAsync("web", 100, default);
        Assert.Equal(3, history.Count);
        Assert.All(history, e => Assert.Equal(EventResult.Applied, e.Result));
    }

    [Fact]
    public async Task Apply_DropsEventsOlderThanMaxAge_ButKeepsTheNewest()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web")) with { History = new HistorySettings(1000, TimeSpan.FromHours(1)) };
        _stack.Host.Write("configs/web/a.conf", "two");
        await _stack.ApplyAsync(registry);
        _stack.Time.Advance(TimeSpan.FromHours(2));
        _stack.Host.Write("configs/web/a.conf", "three");

        await _stack.ApplyAsync(registry);

        var history = await _stack.Store.HistoryAsync("web", 100, default);
        Assert.Equal([EventResult.Applied], history.Select(e => e.Result));
        Assert.Equal(_stack.Time.GetUtcNow(), history[0].Ts);
    }
}
