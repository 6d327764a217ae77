using Driftless.Agent.Api;
using Driftless.Agent.Hosting;
using Driftless.Agent.Loop;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent;

/// <summary>
/// The <c>driftless agent</c> process: the convergence loop plus its HTTP API on one generic host (Kestrel,
/// slim builder — AOT friendly). Start-up refuses a non-loopback bind without an API token: an open
/// reconcile endpoint on a network is not a default anyone should get by accident.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AgentHost(WebApplication app, ListenAddress listen)
    {
        _app = app;
        Listen = listen;
    }

    /// <summary>The address configured (port 0 until started; see <see cref="Addresses"/>).</summary>
    public ListenAddress Listen { get; }

    /// <summary>The URLs actually bound, once started.</summary>
    public IReadOnlyCollection<string> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    public IServiceProvider Services => _app.Services;

    /// <summary>The production host: the convergence loop of <paramref name="loop"/> behind the API.</summary>
    public static AgentHost Create(AgentSettings settings, AgentLoopOptions loop, AgentHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var effective = (options ?? new AgentHostOptions()) with
        {
            AddAgent = services => services.AddDriftlessAgentLoop(loop),
        };
        return Create(settings, effective);
    }

    /// <exception cref="DriftlessException">
    /// Invalid listen address, or a non-loopback one without a token (exit 64); unreadable token (exit 65).
    /// </exception>
    public static AgentHost Create(AgentSettings settings, AgentHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var listen = ListenAddress.Parse(options.ListenOverride ?? settings.Listen);
        var token = TokenSource.Read(settings, options.Environment);
        if (!listen.IsLoopback && !token.IsConfigured)
        {
            throw new DriftlessException(
                ErrorKind.Usage,
                $"refusing to listen on {listen}, which is not a loopback address, without an API token: set "
                + "agent.token_file (a file holding the token) or agent.token_env (an environment variable holding it) "
                + "in the registry, or listen on 127.0.0.1");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        // Request lines carry paths and queries only, but keep ASP.NET's per-request chatter out of an agent's log,
        // and the bearer scheme's too (it logs under its own type name: challenged, not authenticated).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter(typeof(BearerTokenHandler).FullName, LogLevel.Warning);
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = AgentApi.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
            if (listen.Address is null)
            {
                kestrel.ListenLocalhost(listen.Port);
            }
            else if (listen.Address.Equals(System.Net.IPAddress.IPv6Any))
            {
                kestrel.ListenAnyIP(listen.Port);
            }
            else
            {
                kestrel.Listen(listen.Address, listen.Port);
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddAgentApi(token);
        options.AddAgent(builder.Services);

        var app = builder.Build();
        app.UseAgentApiMiddleware();
        app.MapAgentApi();
        return new AgentHost(app, listen);
    }

    /// <summary>Binds the listener and starts the loop; a bind failure surfaces here (exit 64).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new DriftlessException(ErrorKind.CannotListen, $"cannot listen on {Listen}: {e.Message}", e);
        }
    }

    /// <summary>Graceful stop: the in-flight apply finishes (up to the shutdown timeout), then the listener closes.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    /// <summary>
    /// After <see cref="StartAsync"/>: returns once SIGTERM/SIGINT or <paramref name="cancellationToken"/> asked
    /// to stop and the graceful stop finished. Cancellation is a stop request, not an error: nothing is thrown.
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Runs until SIGTERM/SIGINT or <paramref name="cancellationToken"/>, then stops gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await WaitForShutdownAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
