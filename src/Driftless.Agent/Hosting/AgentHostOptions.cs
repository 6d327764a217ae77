using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Hosting;

/// <summary>How <see cref="AgentHost"/> builds the agent's web host.</summary>
public sealed record AgentHostOptions
{
    /// <summary><c>--listen</c>: replaces <c>agent.listen</c> of the registry.</summary>
    public string? ListenOverride { get; init; }

    /// <summary>Environment lookup for <c>agent.token_env</c> (tests substitute it).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// How long SIGTERM waits for hosted services to stop: long enough for an in-flight apply (a graceful
    /// container replace with its stop grace) to finish and be recorded.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Log providers and levels; by default the host logs nothing (the CLI adds its console logger).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Registers the agent: the convergence loop in production, a stub <c>IAgentControl</c> in tests.</summary>
    public Action<IServiceCollection> AddAgent { get; init; } = _ => { };
}
