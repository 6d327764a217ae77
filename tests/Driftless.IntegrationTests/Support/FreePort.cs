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
}
