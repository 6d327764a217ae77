using System.Net;
using System.Net.Sockets;

namespace Driftless.IntegrationTests.Support;

public static class FreePort
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's pick for port 0).</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>
    /// A port on 127.0.0.1 that refuses connections for as long as the result is not disposed: bound, never
    /// listening, so no other test (or container) can take it meanwhile.
    /// </summary>
    public static RefusingPort Refusing()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new RefusingPort(socket);
    }

    public sealed class RefusingPort(Socket socket) : IDisposable
    {
        public int Port { get; } = ((IPEndPoint)socket.LocalEndPoint!).Port;

        public void Dispose() => socket.Dispose();
    }
}
