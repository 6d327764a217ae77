using Driftless.Agent.Control;
using Driftless.Agent.Loop;
using Driftless.Agent.Metrics;
using Driftless.Agent.Tests.Support;
using Driftless.Core.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Tests.Loop;

public sealed class RegistrationTests
{
    private static readonly DriftlessRegistry Registry = new("/nonexistent/driftless.yaml", "/nonexistent", "p", [], "/nonexistent/.driftless", []);

    [Fact]
    public void The_Hosted_Loop_And_The_Control_Are_The_Same_Singleton_With_Logging_And_Metrics_Listening()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDriftlessAgentLoop(new AgentLoopOptions(Registry, (_, _, _) => new FakePass()));
        using var provider = services.BuildServiceProvider();

        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        Assert.IsType<ConvergenceLoop>(hosted);
        Assert.Same(hosted, provider.GetRequiredService<IAgentControl>());
        Assert.NotNull(provider.GetRequiredService<AgentMetrics>());
        Assert.NotNull(provider.GetRequiredService<ILoggerFactory>());
        Assert.Equal(
            [typeof(LogListener), typeof(MetricsListener)],
            provider.GetServices<IAgentLoopListener>().Select(l => l.GetType()));
    }

    [Fact]
    public void Options_Out_Of_Range_Are_Refused_At_Registration()
    {
        var options = new AgentLoopOptions(Registry, (_, _, _) => new FakePass());

        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddDriftlessAgentLoop(options with { Parallelism = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddDriftlessAgentLoop(options with { RetryCap = TimeSpan.FromMilliseconds(10) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddDriftlessAgentLoop(options with { LockRetry = TimeSpan.Zero }));
    }
}
