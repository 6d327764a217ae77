using System.Net;
using System.Net.Sockets;
using Driftless.Core.Execution;

namespace Driftless.Core.Tests.Execution;

/// <summary>
/// Real failures of a real <see cref="HttpClient"/>: their messages quote the host the URL resolved to, so a failure is
/// described by its kind alone (SECRETS_SHOW_TEMPLATES).
/// </summary>
public sealed class NetworkFailureTests
{
    [Fact]
    public async Task HostNotFound_QuotesTheHostInItsMessage_IsDescribedWithoutIt()
    {
        var host = "canary" + Guid.NewGuid().ToString("N")[..12] + ".invalid";
        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://{host}:1/")));

        Assert.Contains(host, e.Message, StringComparison.Ordinal);
        Assert.Equal("host not found", NetworkFailure.Describe(e));
    }

    [Fact]
    public async Task ConnectionRefused_IsDescribedByItsSocketError()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var http = new HttpClient();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{port}/")));

        Assert.Equal("connection refused", NetworkFailure.Describe(e));
    }

    [Fact]
    public async Task ConnectionClosedBeforeAResponse_IsDescribedByItsKind()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var server = CloseEveryConnectionAsync(listener, stop.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{port}/")));

        Assert.Equal("the connection closed before a complete response", NetworkFailure.Describe(e));
        await stop.CancelAsync();
        await server;
    }

    /// <summary>Reads each request, then closes without answering (the client retries a fresh connection once).</summary>
    private static async Task CloseEveryConnectionAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var accepted = await listener.AcceptTcpClientAsync(cancellationToken);
                var buffer = new byte[4096];
                _ = await accepted.GetStream().ReadAsync(buffer, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
