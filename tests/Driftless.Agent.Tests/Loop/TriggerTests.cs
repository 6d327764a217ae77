using Driftless.Agent.Loop;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Agent.Tests.Loop;

/// <summary>
/// The triggers of one registry on a fake clock: file changes (seen by polling, so when the clock passes a
/// poll) debounced by their <c>wait</c> windows, the registry file's own changes, and the tick. The clock is
/// advanced poll by poll where it matters: <see cref="FakeTimeProvider"/> runs every timer due within one
/// advance at the advance's end time.
/// </summary>
public sealed class TriggerTests : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TempDir _dir = new("dlt-trigger");
    private readonly List<string> _settled = [];
    private readonly LoopTriggers _triggers;
    private int _registryChanges;
    private int _ticks;

    public TriggerTests()
    {
        _dir.Write("cfg/a/app.conf", "a1\n");
        _dir.Write("cfg/b/app.conf", "b1\n");
        _triggers = new LoopTriggers(
            _time, NullLoggerFactory.Instance, service => _settled.Add(service), () => _registryChanges++, () => _ticks++);
    }

    [Fact]
    public async Task A_File_Change_Fires_After_Min_Of_Quiet_And_Not_Before()
    {
        _triggers.Watch(await RegistryAsync());
        _dir.Write("cfg/a/app.conf", "a2\n");

        _time.Advance(Poll);
        Assert.True(_triggers.IsSettling("a"));
        Assert.False(_triggers.IsSettling("b"));
        _time.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_settled);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a"], _settled);
        Assert.False(_triggers.IsSettling("a"));
    }

    [Fact]
    public async Task Continuous_Changes_Fire_At_Max_After_The_First_One_Seen()
    {
        _triggers.Watch(await RegistryAsync(wait: "wait: {min: 1s, max: 3s}"));

        // A write every 300 ms from t=0 to t=2.7 s; the first is seen at the 100 ms poll, so max is due at 3.1 s.
        for (var i = 0; i < 10; i++)
        {
            _dir.Write("cfg/a/app.conf", new string('x', i + 1));
            for (var poll = 0; poll < 3; poll++)
            {
                _time.Advance(Poll);
            }
        }

        Assert.Empty(_settled);
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(_settled);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a"], _settled);
    }

    [Fact]
    public async Task A_Service_Wait_Overrides_The_Registry_Wait()
    {
        _triggers.Watch(await RegistryAsync(serviceB: "    wait: {min: 0s, max: 1s}\n"));
        _dir.Write("cfg/b/app.conf", "b2\n");

        _time.Advance(Poll);

        Assert.Equal(["b"], _settled);
    }

    [Fact]
    public async Task A_Registry_File_Change_Is_Debounced_By_The_Registry_Wait()
    {
        var registry = await RegistryAsync();
        _triggers.Watch(registry);
        File.AppendAllText(registry.FilePath, "# edited\n");

        _time.Advance(Poll);
        _time.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _registryChanges);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _registryChanges);
        Assert.Empty(_settled);
    }

    [Fact]
    public async Task The_Tick_Fires_Every_Period_And_Restarts_Only_When_Its_Period_Changes()
    {
        _triggers.Watch(await RegistryAsync(tick: "tick: 30s"));
        _time.Advance(TimeSpan.FromSeconds(20));
        _triggers.Watch(await RegistryAsync(tick: "tick: 30s"));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _ticks);

        _triggers.Watch(await RegistryAsync(tick: "tick: 5s"));
        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _ticks);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _ticks);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(4, _ticks);
    }

    [Fact]
    public async Task Stopped_Triggers_Never_Fire()
    {
        _triggers.Watch(await RegistryAsync(tick: "tick: 1s"));
        _dir.Write("cfg/a/app.conf", "a2\n");
        _time.Advance(Poll);

        _triggers.Stop();
        _triggers.Watch(await RegistryAsync(tick: "tick: 1s"));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(_settled);
        Assert.Equal(0, _ticks);
        Assert.Equal(0, _registryChanges);
    }

    [Fact]
    public async Task Watching_By_Poll_Is_Reported_As_Poll()
    {
        _triggers.Watch(await RegistryAsync());

        Assert.Equal("poll", _triggers.Method);
    }

    public void Dispose()
    {
        _triggers.Dispose();
        _dir.Dispose();
    }

    private async Task<DriftlessRegistry> RegistryAsync(string wait = "wait: {min: 1s, max: 5s}", string tick = "tick: 1h", string serviceB = "")
    {
        _dir.Write(
            "driftless.yaml",
            $"version: 1\nproject: t\n{wait}\n{tick}\nagent: {{watch: poll, poll: 100ms}}\nservices:\n"
            + "  a:\n    container: c-a\n    inputs: [cfg/a/]\n"
            + $"  b:\n    container: c-b\n    inputs: [cfg/b/]\n{serviceB}");
        return await new RegistryLoader().LoadAsync(_dir.File("driftless.yaml"), CancellationToken.None);
    }
}
