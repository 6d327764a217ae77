namespace Driftless.Core.Registry;

/// <summary>Registry-level settings of <c>driftless agent</c> (top-level keys <c>tick</c>, <c>wait</c>, <c>agent</c>).</summary>
/// <param name="Tick"><c>tick:</c> — the liveness tick (default 30s).</param>
/// <param name="Wait"><c>wait:</c> — default debounce for every service (per-service <c>wait:</c> overrides).</param>
/// <param name="Listen"><c>agent.listen</c> — HTTP API address, <c>host:port</c> (default 127.0.0.1:7411).</param>
/// <param name="TokenFile"><c>agent.token_file</c> — file holding the bearer token for mutating endpoints (absolute).</param>
/// <param name="TokenEnv"><c>agent.token_env</c> — environment variable holding the bearer token.</param>
/// <param name="PollInterval"><c>agent.poll</c> — polling interval used when inotify is unavailable (default 2s).</param>
/// <param name="Watch"><c>agent.watch</c> — <c>auto</c> (inotify, polling fallback) or <c>poll</c>.</param>
public sealed record AgentSettings(
    TimeSpan Tick,
    WaitSpec Wait,
    string Listen,
    string? TokenFile,
    string? TokenEnv,
    TimeSpan PollInterval,
    WatchMethod Watch)
{
    public const string DefaultListen = "127.0.0.1:7411";

    public static readonly AgentSettings Default = new(
        TimeSpan.FromSeconds(30), WaitSpec.Default, DefaultListen, null, null, TimeSpan.FromSeconds(2), WatchMethod.Auto);
}

/// <summary>How the agent learns of file changes.</summary>
public enum WatchMethod
{
    /// <summary>inotify on the inputs' directories; polling when inotify is unavailable or exhausted.</summary>
    Auto,

    /// <summary>Polling only, at <see cref="AgentSettings.PollInterval"/>.</summary>
    Poll,
}
