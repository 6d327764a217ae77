using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Driftless.Agent.Tests.Api;

/// <summary>A stop request (SIGTERM in production) lets work in flight finish instead of cutting it off.</summary>
public sealed class AgentShutdownTests
{
    [Fact]
    public async Task A_reconcile_in_flight_when_the_agent_stops_completes_and_is_answered()
    {
        await using var agent = await RunningAgent.StartAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Control.ReconcileGate = gate;
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/reconcile?service=web", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningAgent.Token);
        var response = agent.Client.SendAsync(request);
        await agent.Control.ReconcileEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var stopRequested = new CancellationTokenSource();
        var shutdown = agent.Host.WaitForShutdownAsync(stopRequested.Token);
        await stopRequested.CancelAsync();
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        gate.SetResult();

        using var answered = await response.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await shutdown.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("web", Assert.Single(agent.Control.Reconciled));
    }
}
