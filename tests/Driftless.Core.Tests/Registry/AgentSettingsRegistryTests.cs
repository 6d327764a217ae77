using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary>Top-level <c>tick</c>, <c>wait</c> and <c>agent:</c> (issue 4).</summary>
public sealed class AgentSettingsRegistryTests : IDisposable
{
    private const string Services = "services:\n  gw:\n    inputs: [a.conf]\n";

    private readonly RegistryFiles _files = new(_ => null);

    private TempDirectory Dir => _files.Dir;

    public void Dispose() => _files.Dispose();

    /// <summary><c>version: 1</c> on line 1, <paramref name="lines"/> from line 2, then the services.</summary>
    private static string Top(params string[] lines) => "version: 1\n" + string.Concat(lines.Select(line => line + "\n")) + Services;

    private Task<DriftlessRegistry> LoadAsync(string yaml) => _files.LoadAsync(yaml);

    private Task<RegistryException> LoadFailsAsync(string yaml) => _files.LoadFailsAsync(yaml);

    [Fact]
    public async Task Load_WithoutAgentKeys_UsesDefaults()
    {
        var registry = await LoadAsync(Top());

        Assert.Equal(AgentSettings.Default, registry.Agent);
        Assert.Equal(TimeSpan.FromSeconds(30), registry.Agent.Tick);
        Assert.Equal(new WaitSpec(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5)), registry.Agent.Wait);
        Assert.Equal("127.0.0.1:7411", registry.Agent.Listen);
        Assert.Null(registry.Agent.TokenFile);
        Assert.Null(registry.Agent.TokenEnv);
        Assert.Equal(TimeSpan.FromSeconds(2), registry.Agent.PollInterval);
        Assert.Equal(WatchMethod.Auto, registry.Agent.Watch);
    }

    [Fact]
    public async Task Load_EveryAgentKey_MapsToTheModel()
    {
        var registry = await LoadAsync(Top(
            "tick: 1m30s",
            "wait: {min: 0s, max: 1s}",
            "agent:",
            "  listen: \"[::1]:9000\"",
            "  token_file: ./secrets/token",
            "  poll: 250ms",
            "  watch: poll"));

        Assert.Equal(
            new AgentSettings(
                TimeSpan.FromSeconds(90),
                new WaitSpec(TimeSpan.Zero, TimeSpan.FromSeconds(1)),
                "[::1]:9000",
                Dir.PathOf("secrets/token"),
                null,
                TimeSpan.FromMilliseconds(250),
                WatchMethod.Poll),
            registry.Agent);
        Assert.False(File.Exists(registry.Agent.TokenFile));
    }

    [Fact]
    public async Task Load_TokenEnv_KeepsTheNameNotAValue()
    {
        var registry = await LoadAsync(Top("agent: {token_env: DRIFTLESS_TOKEN, watch: auto}"));

        Assert.Equal("DRIFTLESS_TOKEN", registry.Agent.TokenEnv);
        Assert.Null(registry.Agent.TokenFile);
        Assert.Equal(WatchMethod.Auto, registry.Agent.Watch);
    }

    [Theory]
    [InlineData("127.0.0.1:7411")]
    [InlineData("0.0.0.0:1")]
    [InlineData("localhost:65535")]
    [InlineData("agent.internal:8080")]
    [InlineData("\"[::]:7411\"")]
    public async Task Load_Listen_AcceptsHostPort(string listen)
    {
        var registry = await LoadAsync(Top($"agent: {{listen: {listen}}}"));

        Assert.Equal(listen.Trim('"'), registry.Agent.Listen);
    }

    [Theory]
    [InlineData("\"7411\"", "invalid address '7411'")]
    [InlineData("localhost", "invalid address 'localhost'")]
    [InlineData("127.0.0.1:0", "invalid port '0'")]
    [InlineData("127.0.0.1:99999", "invalid port '99999'")]
    [InlineData("127.0.0.1:http", "invalid port 'http'")]
    [InlineData("\"::1:7411\"", "invalid address '::1:7411'")]
    [InlineData("\"[zz]:7411\"", "'zz' is not an IPv6 address")]
    [InlineData("\"[::1]7411\"", "invalid address '[::1]7411'")]
    [InlineData("300.1.1.1:80", "'300.1.1.1' is not an IPv4 address or host name")]
    [InlineData("\"bad host:80\"", "'bad host' is not an IPv4 address or host name")]
    [InlineData("\":7411\"", "invalid address ':7411'")]
    public async Task Load_BadListen_IsRejected(string listen, string problem)
    {
        var e = await LoadFailsAsync(Top("agent:", $"  listen: {listen}"));

        Assert.Equal((3, 11), (e.Line, e.Column));
        Assert.Equal("agent.listen", e.KeyPath);
        Assert.StartsWith(problem, e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tick: 0s", 1, 7, "tick", "must be longer than 0")]
    [InlineData("tick: soon", 1, 7, "tick", "invalid duration 'soon'")]
    [InlineData("agent: {poll: 0}", 1, 15, "agent.poll", "must be longer than 0")]
    [InlineData("agent: {watch: inotify}", 1, 16, "agent.watch", "unknown watch method 'inotify'; valid methods: auto, poll")]
    [InlineData("agent: {token_env: 1TOKEN}", 1, 20, "agent.token_env", "'1TOKEN' is not an environment variable name")]
    [InlineData("agent: {token_env: \"$TOKEN\"}", 1, 20, "agent.token_env", "'$TOKEN' is not an environment variable name")]
    [InlineData("agent: {token_file: t, token_env: T}", 1, 24, "agent.token_env", "set either token_file or token_env, not both")]
    [InlineData("agent: 7411", 1, 8, "agent", "must be a mapping")]
    [InlineData("wait: 1s", 1, 7, "wait", "must be a mapping")]
    [InlineData("wait: {min: 2s, max: 1s}", 1, 22, "wait.max", "must not be shorter than min (2s)")]
    [InlineData("wait: {min: 0s, max: 0s}", 1, 22, "wait.max", "must be longer than 0")]
    public async Task Load_BadAgentSetting_IsRejected(string line, int lineOffset, int column, string keyPath, string problem)
    {
        var e = await LoadFailsAsync(Top(line));

        Assert.Equal((1 + lineOffset, column), (e.Line, e.Column));
        Assert.Equal(keyPath, e.KeyPath);
        Assert.StartsWith(problem, e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tik: 1s", 2, 1, "tik", "did you mean 'tick'?")]
    [InlineData("wiat: {min: 1s}", 2, 1, "wiat", "did you mean 'wait'?")]
    [InlineData("agnet: {}", 2, 1, "agnet", "did you mean 'agent'?")]
    [InlineData("agent: {lisen: 127.0.0.1:1}", 2, 9, "agent.lisen", "did you mean 'listen'?")]
    [InlineData("agent: {token: x}", 2, 9, "agent.token", "did you mean 'token_env'?")]
    [InlineData("wait: {maximum: 1s}", 2, 8, "wait.maximum", "did you mean 'max'?")]
    public async Task Load_UnknownAgentKey_SuggestsTheClosest(string line, int lineNumber, int column, string keyPath, string hint)
    {
        var e = await LoadFailsAsync(Top(line));

        Assert.Equal((lineNumber, column), (e.Line, e.Column));
        Assert.Equal(keyPath, e.KeyPath);
        Assert.EndsWith(hint, e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wait: {}", 500, 5000)]
    [InlineData("wait: {min: 0s}", 0, 5000)]
    [InlineData("wait: {min: 10s}", 10_000, 10_000)]
    [InlineData("wait: {max: 100ms}", 100, 100)]
    [InlineData("wait: {max: 1m}", 500, 60_000)]
    [InlineData("wait: {min: 1s, max: 1s}", 1000, 1000)]
    public async Task Load_WaitBounds_DefaultWithoutContradictingTheWrittenOne(string line, int minMs, int maxMs)
    {
        var registry = await LoadAsync(Top(line));

        Assert.Equal(new WaitSpec(TimeSpan.FromMilliseconds(minMs), TimeSpan.FromMilliseconds(maxMs)), registry.Agent.Wait);
    }
}
