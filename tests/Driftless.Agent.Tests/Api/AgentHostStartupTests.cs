using Driftless.Agent.Hosting;
using Driftless.Agent.Metrics;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Support;

namespace Driftless.Agent.Tests.Api;

/// <summary>Start-up rules of the agent host: where it may listen, and where its token comes from.</summary>
public sealed class AgentHostStartupTests
{
    [Theory]
    [InlineData("0.0.0.0:0")]
    [InlineData("*:0")]
    [InlineData("[::]:0")]
    public void A_non_loopback_bind_without_a_token_is_refused_with_exit_64(string listen)
    {
        var error = Assert.Throws<DriftlessException>(() =>
            AgentHost.Create(AgentSettings.Default, RunningAgent.Options(listen, new StubAgentControl(), new AgentMetrics())));

        Assert.Equal(ErrorKind.Usage, error.Kind);
        Assert.Contains("agent.token_file", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a loopback address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_loopback_bind_with_a_token_starts_and_serves()
    {
        await using var agent = await RunningAgent.StartAsync(withToken: true, listen: "0.0.0.0:0");

        using var response = await agent.Client.GetAsync(new Uri("healthz", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_listen_address_in_use_is_exit_64_naming_it()
    {
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            await using var host = AgentHost.Create(
                AgentSettings.Default, RunningAgent.Options($"127.0.0.1:{port}", new StubAgentControl(), new AgentMetrics()));

            var error = await Assert.ThrowsAsync<DriftlessException>(() => host.StartAsync(CancellationToken.None));

            Assert.Equal(ErrorKind.CannotListen, error.Kind);
            Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public void The_token_file_is_read_and_trimmed()
    {
        using var dir = new TempDir();
        var file = dir.Write("token", "  file-token\n");
        var settings = AgentSettings.Default with { TokenFile = file };

        var token = TokenSource.Read(settings, _ => null);

        Assert.True(token.Accepts("Bearer file-token"));
        Assert.False(token.Accepts("Bearer file-token2"));
    }

    [Fact]
    public void An_unreadable_token_file_is_exit_65_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "driftless-no-such-dir", "token");

        var error = Assert.Throws<DriftlessException>(() =>
            TokenSource.Read(AgentSettings.Default with { TokenFile = missing }, _ => null));

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_env_naming_an_unset_variable_is_exit_65()
    {
        var error = Assert.Throws<DriftlessException>(() =>
            TokenSource.Read(AgentSettings.Default with { TokenEnv = "DRIFTLESS_UNSET" }, _ => null));

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Contains("DRIFTLESS_UNSET", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:7411", "127.0.0.1:7411", true)]
    [InlineData("localhost:7411", "localhost:7411", true)]
    [InlineData("[::1]:8080", "[::1]:8080", true)]
    [InlineData("10.0.0.5:80", "10.0.0.5:80", false)]
    [InlineData("0.0.0.0:7411", "0.0.0.0:7411", false)]
    public void Listen_addresses_parse(string text, string shown, bool loopback)
    {
        var address = ListenAddress.Parse(text);

        Assert.Equal(shown, address.ToString());
        Assert.Equal(loopback, address.IsLoopback);
    }

    [Theory]
    [InlineData("7411")]
    [InlineData("example.com:7411")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("::1:7411")]
    [InlineData("[::1]7411")]
    public void Invalid_listen_addresses_are_usage_errors(string text)
    {
        var error = Assert.Throws<DriftlessException>(() => ListenAddress.Parse(text));

        Assert.Equal(ErrorKind.Usage, error.Kind);
    }
}
