using Driftless.Agent.Control;
using Driftless.Agent.Loop;
using Driftless.Docker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Agent.Tests.Loop;

public sealed class RegistrationTests
{
    [Fact]
    public void The_Hosted_Loop_And_The_Control_Are_The_Same_Singleton()
    {
        using var http = new HttpClient();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDriftlessAgentLoop(new AgentLoopOptions("/nonexistent/driftless.yaml", DockerRuntimeFactory.Create(NullLoggerFactory.Instance), http));
        using var provider = services.BuildServiceProvider();

        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        Assert.IsType<ConvergenceLoop>(hosted);
        Assert.Same(hosted, provider.GetRequiredService<IAgentControl>());
        Assert.NotNull(provider.GetRequiredService<ILoggerFactory>());
    }
}
