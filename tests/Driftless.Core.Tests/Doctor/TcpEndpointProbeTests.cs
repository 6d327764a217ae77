using System.Net;
using System.Net.Sockets;
using Driftless.Core.Doctor;

namespace Driftless.Core.Tests.Doctor;

/// <summary>The real probe, on loopback only: connect, never send.</summary>
public sealed class TcpEndpointProbeTests
{
    [Fact]
    public async Task ListeningPort_Connects_AndNothingIsSent()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await EndpointProbes.Tcp(TimeProvider.System).ConnectAsync("127.0.0.1", port, TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.True(result.Connected, result.Problem);
        using var accepted = await listener.AcceptTcpClientAsync();
        var buffer = new byte[16];
        using var stream = accepted.GetStream();
        Assert.Equal(0, await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ClosedPort_IsRefused()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var result = await EndpointProbes.Tcp(TimeProvider.System).ConnectAsync("127.0.0.1", port, TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.False(result.Connected);
        Assert.Equal("connection refused", result.Problem);
    }
}
