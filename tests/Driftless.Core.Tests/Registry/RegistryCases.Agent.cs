namespace Driftless.Core.Tests.Registry;

/// <summary>Top-level <c>tick</c>, <c>wait</c>, <c>agent:</c> and <c>history:</c>.</summary>
internal static partial class RegistryCases
{
    public static readonly RegistryCase WithoutAgentKeys = Valid(Top());
    public static readonly RegistryCase EveryAgentKey = Valid(Top("tick: 1m30s", "wait: {min: 0s, max: 1s}", "agent:", "  listen: \"[::1]:9000\"", "  token_file: ./secrets/token", "  poll: 250ms", "  watch: poll"));
    public static readonly RegistryCase TokenEnv = Valid(Top("agent: {token_env: DRIFTLESS_TOKEN, watch: auto}"));

    public static readonly RegistryCase[] Listens =
    [
        .. new[] { "127.0.0.1:7411", "0.0.0.0:1", "localhost:65535", "agent.internal:8080", "\"[::]:7411\"", "my_host-1.lan:07411", "\"[::ffff:10.0.0.1]:80\"" }
            .Select(listen => Valid(Top($"agent: {{listen: {listen}}}"), listen.Trim('"'), listen)),
    ];

    /// <summary><c>agent.listen</c> (line 3, column 11) and the start of its problem.</summary>
    public static readonly RegistryCase[] BadListens =
    [
        .. new[]
        {
            ("\"7411\"", "invalid address '7411'"),
            ("7411", "invalid address '7411'"),
            ("localhost", "invalid address 'localhost'"),
            ("127.0.0.1:0", "invalid port '0'"),
            ("127.0.0.1:99999", "invalid port '99999'"),
            ("127.0.0.1:http", "invalid port 'http'"),
            ("\"::1:7411\"", "invalid address '::1:7411'"),
            ("\"[zz]:7411\"", "'zz' is not an IPv6 address"),
            ("\"[fe80::1%eth0]:7411\"", "'fe80::1%eth0' is not an IPv6 address"),
            ("\"[::1]7411\"", "invalid address '[::1]7411'"),
            ("300.1.1.1:80", "'300.1.1.1' is not an IPv4 address or host name"),
            ("1.2.3:80", "'1.2.3' is not an IPv4 address or host name"),
            ("\"bad host:80\"", "'bad host' is not an IPv4 address or host name"),
            ("\"host-:80\"", "'host-' is not an IPv4 address or host name"),
            ("\"a..b:80\"", "'a..b' is not an IPv4 address or host name"),
            ("\"hôte:80\"", "'hôte' is not an IPv4 address or host name"),
            ("\":7411\"", "invalid address ':7411'"),
        }.Select(l => Invalid("agent.listen", Top("agent:", $"  listen: {l.Item1}"), l.Item2, l.Item1)),
    ];

    /// <summary>One line after <c>version: 1</c>: the first error's position (<see cref="RegistryCase.At"/>) and problem.</summary>
    public static readonly RegistryCase[] BadAgentSettings =
    [
        Invalid("tick", Top("tick: 0s"), "must be longer than 0", "tick: 0s") with { At = (2, 7) },
        Invalid("tick", Top("tick: 0"), "must be longer than 0", "tick: 0") with { At = (2, 7) },
        Invalid("tick", Top("tick: soon"), "invalid duration 'soon'", "tick: soon") with { At = (2, 7) },
        Invalid("agent.poll", Top("agent: {poll: 0}"), "must be longer than 0", "agent: {poll: 0}") with { At = (2, 15) },
        Invalid("agent.watch", Top("agent: {watch: inotify}"), "unknown watch method 'inotify'; valid methods: auto, poll", "agent: {watch: inotify}") with { At = (2, 16) },
        Invalid("agent.token_env", Top("agent: {token_env: 1TOKEN}"), "'1TOKEN' is not an environment variable name", "agent: {token_env: 1TOKEN}") with { At = (2, 20) },
        Invalid("agent.token_env", Top("agent: {token_env: \"$TOKEN\"}"), "'$TOKEN' is not an environment variable name", "agent: {token_env: \"$TOKEN\"}") with { At = (2, 20) },
        Invalid("agent.token_env", Top("agent: {token_file: t, token_env: T}"), "set either token_file or token_env, not both", "agent: {token_file: t, token_env: T}") with { At = (2, 24) },
        Invalid("agent", Top("agent: 7411"), "must be a mapping", "agent: 7411") with { At = (2, 8) },
        Invalid("wait", Top("wait: 1s"), "must be a mapping", "wait: 1s") with { At = (2, 7) },
        Invalid("wait.max", Top("wait: {min: 2s, max: 1s}"), "must not be shorter than min (2s)", "wait: {min: 2s, max: 1s}") with { At = (2, 22), ParserOnly = ParserOnlyCheck.WaitOrder },
        Invalid("wait.max", Top("wait: {min: 0s, max: 0s}"), "must be longer than 0", "wait: {min: 0s, max: 0s}") with { At = (2, 22) },
    ];

    /// <summary>A misspelt key: the first error's position (<see cref="RegistryCase.At"/>) and hint.</summary>
    public static readonly RegistryCase[] UnknownAgentKeys =
    [
        Invalid("tik", Top("tik: 1s"), "did you mean 'tick'?", "tik: 1s") with { At = (2, 1) },
        Invalid("wiat", Top("wiat: {min: 1s}"), "did you mean 'wait'?", "wiat: {min: 1s}") with { At = (2, 1) },
        Invalid("agnet", Top("agnet: {}"), "did you mean 'agent'?", "agnet: {}") with { At = (2, 1) },
        Invalid("agent.lisen", Top("agent: {lisen: 127.0.0.1:1}"), "did you mean 'listen'?", "agent: {lisen: 127.0.0.1:1}") with { At = (2, 9) },
        Invalid("agent.token", Top("agent: {token: x}"), "did you mean 'token_env'?", "agent: {token: x}") with { At = (2, 9) },
        Invalid("wait.maximum", Top("wait: {maximum: 1s}"), "did you mean 'max'?", "wait: {maximum: 1s}") with { At = (2, 8) },
        Invalid("histroy", Top("histroy: {keep: 5}"), "did you mean 'history'?", "histroy: {keep: 5}") with { At = (2, 1) },
        Invalid("history.kept", Top("history: {kept: 5}"), "did you mean 'keep'?", "history: {kept: 5}") with { At = (2, 11) },
    ];

    /// <summary>The written <c>wait</c> (label); the bounds read, as <c>min,max</c> in milliseconds (<see cref="RegistryCase.Expect"/>).</summary>
    public static readonly RegistryCase[] WaitBounds =
    [
        .. new[]
        {
            ("wait: {}", "500,5000"),
            ("wait: {min: 0s}", "0,5000"),
            ("wait: {min: 10s}", "10000,10000"),
            ("wait: {max: 100ms}", "100,100"),
            ("wait: {max: 1m}", "500,60000"),
            ("wait: {min: 1s, max: 1s}", "1000,1000"),
        }.Select(w => Valid(Top(w.Item1), w.Item2, w.Item1)),
    ];

    /// <summary>The written <c>history</c> (label); what is read, as <c>keep,max_age</c> (<see cref="RegistryCase.Expect"/>; max_age in seconds, or none).</summary>
    public static readonly RegistryCase[] Histories =
    [
        .. new[]
        {
            ("history: {keep: 50, max_age: 720h}", "50,2592000"),
            ("history: {keep: 1}", "1,none"),
            ("history: {max_age: 90m}", "1000,5400"),
            ("history: {}", "1000,none"),
            ("history: {keep: 2147483647, max_age: 0.5s}", "2147483647,0.5"),
            ("history: {keep: 0x10}", "16,none"),
        }.Select(h => Valid(Top(h.Item1), h.Item2, h.Item1)),
    ];

    /// <summary>A bad <c>history</c> line (label): the first error's position (<see cref="RegistryCase.At"/>) and problem.</summary>
    public static readonly RegistryCase[] BadHistories =
    [
        Invalid("history.keep", Top("history: {keep: 0}"), "must be a whole number of events from 1 to 2147483647, not '0'", "keep: 0") with { At = (2, 17) },
        Invalid("history.keep", Top("history: {keep: -5}"), "must be a whole number of events from 1 to 2147483647, not '-5'", "keep: -5") with { At = (2, 17) },
        Invalid("history.keep", Top("history: {keep: 2147483648}"), "must be a whole number of events from 1 to 2147483647, not '2147483648'", "keep: 2147483648") with { At = (2, 17) },
        Invalid("history.keep", Top("history: {keep: 1.5}"), "must be a whole number of events from 1 to 2147483647, not '1.5'", "keep: 1.5") with { At = (2, 17) },
        Invalid("history.keep", Top("history: {keep: \"100\"}"), "must be a whole number of events from 1 to 2147483647, not '100'", "keep: \"100\"") with { At = (2, 17) },
        Invalid("history.keep", Top("history: {keep: lots}"), "must be a whole number of events from 1 to 2147483647, not 'lots'", "keep: lots") with { At = (2, 17) },
        Invalid("history.keep", Top("history: {keep: }"), "must be a whole number of events from 1 to 2147483647, not an empty value", "keep: (empty)") with { At = (2, 17) },
        Invalid("history.max_age", Top("history: {max_age: 0s}"), "must be longer than 0", "max_age: 0s") with { At = (2, 20) },
        Invalid("history.max_age", Top("history: {max_age: 0}"), "must be longer than 0", "max_age: 0") with { At = (2, 20) },
        Invalid("history.max_age", Top("history: {max_age: 30d}"), "invalid duration '30d'; use a number with a unit, e.g. 500ms, 10s, 1m, 1m30s, 2h", "max_age: 30d") with { At = (2, 20) },
        Invalid("history.max_age", Top("history: {max_age: 720}"), "invalid duration '720'; use a number with a unit, e.g. 500ms, 10s, 1m, 1m30s, 2h", "max_age: 720") with { At = (2, 20) },
        Invalid("history", Top("history: 1000"), "must be a mapping, not '1000'", "history: 1000") with { At = (2, 10) },
        Invalid("history", Top("history: [keep]"), "must be a mapping, not a list", "history: [keep]") with { At = (2, 10) },
    ];

    public static readonly RegistryCase BadKeepAndMaxAge = Invalid("history.keep", Top("history:", "  keep: 0", "  max_age: soon"));
}
