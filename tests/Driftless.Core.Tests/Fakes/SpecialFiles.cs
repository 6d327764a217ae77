using System.Diagnostics;
using System.Net.Sockets;

namespace Driftless.Core.Tests.Fakes;

/// <summary>Makes the special files an input directory can hold: a FIFO (with mkfifo(1)) and a listening Unix socket.</summary>
internal static class SpecialFiles
{
    public static string Fifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", ["--", path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>A socket file at <paramref name="path"/>; it stays while the returned socket is open.</summary>
    public static Socket Socket(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }
}
