using Driftless.Core.Errors;

namespace Driftless.IntegrationTests.Runtime;

public sealed class PingTests
{
    [Fact]
    public async Task Ping_Throws_EngineUnreachable_ForDeadSocket()
    {
        const string endpoint = "unix:///tmp/nonexistent.sock";
        var runtime = Runtimes.Create(endpoint: endpoint);

        var error = await Assert.ThrowsAsync<EngineUnreachableException>(() => runtime.PingAsync(CancellationToken.None));

        Assert.Equal(endpoint, error.Endpoint);
        Assert.Equal(ErrorKind.EngineUnreachable, error.Kind);
        Assert.Equal(endpoint, runtime.Endpoint);
    }

    [Fact]
    public async Task Ping_Answers_ForLocalEngine() => await Runtimes.Create().PingAsync(CancellationToken.None);
}
