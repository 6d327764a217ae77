using Driftless.Agent.Control;
using Driftless.Agent.Hosting;
using Driftless.Agent.Metrics;
using Driftless.Core.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Tests.Api;

/// <summary>The real agent host (Kestrel on a kernel-picked loopback port) around a stub control.</summary>
internal sealed class RunningAgent : IAsyncDisposable
{
    private readonly AgentHost _host;

    private RunningAgent(AgentHost host, StubAgentControl control, AgentMetrics metrics, HttpClient client)
    {
        _host = host;
        Control = control;
        Metrics = metrics;
        Client = client;
    }

    public AgentHost Host => _host;

    public StubAgentControl Control { get; }

    public AgentMetrics Metrics { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public const string Token = "s3cret-token-for-tests";

    public const string TokenVariable = "DRIFTLESS_TEST_AGENT_TOKEN";

    /// <summary>
    /// Starts an agent; <paramref name="withToken"/> configures <see cref="Token"/> through agent.token_env;
    /// <paramref name="logs"/>, when given, receives every log entry of the host.
    /// </summary>
    public static async Task<RunningAgent> StartAsync(bool withToken = true, string listen = "127.0.0.1:0", CapturedLogs? logs = null)
    {
        var settings = AgentSettings.Default with { TokenEnv = withToken ? TokenVariable : null };
        var control = new StubAgentControl();
        var metrics = new AgentMetrics();
        var options = Options(listen, control, metrics);
        if (logs is not null)
        {
            options = options with { ConfigureLogging = logs.AddTo };
        }

        var host = AgentHost.Create(settings, options);
        await host.StartAsync(CancellationToken.None);
        var loopback = host.Addresses.First(a => a.Contains("127.0.0.1", StringComparison.Ordinal) || a.Contains("[::]", StringComparison.Ordinal) || a.Contains("0.0.0.0", StringComparison.Ordinal));
        var port = new Uri(loopback.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        return new RunningAgent(host, control, metrics, client);
    }

    public static AgentHostOptions Options(string listen, IAgentControl control, AgentMetrics metrics) => new()
    {
        ListenOverride = listen,
        Environment = name => name == TokenVariable ? Token : null,
        AddAgent = services =>
        {
            services.AddSingleton(control);
            services.AddSingleton(metrics);
        },
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
    }
}
