using System.Net.Sockets;

namespace Driftless.IntegrationTests.Support;

/// <summary>How an <see cref="EngineStandIn"/> treats a connection.</summary>
public enum EngineBehaviour
{
    /// <summary>Passes bytes both ways to the real engine socket (hijacked exec streams included).</summary>
    Proxy,

    /// <summary>Accepts, reads whatever is sent, never answers: a hung engine.</summary>
    Silent,

    /// <summary>Accepts, reads the request's head, then closes the connection: an engine dying mid-request.</summary>
    HangUp,
}

/// <summary>
/// A stand-in for the Docker engine on a unix socket in a temp directory, for <c>DOCKER_HOST</c>: it proxies to the
/// real engine, or plays a hung or dying one, and can be switched while clients use it (a switch closes every open
/// connection, so a client's pooled connection cannot outlive it). The shared engine itself is never touched.
/// </summary>
public sealed class EngineStandIn : IAsyncDisposable
{
    private const string RealEngine = "/var/run/docker.sock";
    private readonly TempDir _dir = new("dle");
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Socket> _open = [];
    private readonly Task _accepting;
    private EngineBehaviour _behaviour;

    public EngineStandIn(EngineBehaviour behaviour)
    {
        _behaviour = behaviour;
        SocketPath = _dir.File("engine.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    public string SocketPath { get; }

    /// <summary>The value for <c>DOCKER_HOST</c>.</summary>
    public string Endpoint => "unix://" + SocketPath;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted { get; private set; }

    public EngineBehaviour Behaviour
    {
        get
        {
            lock (_gate)
            {
                return _behaviour;
            }
        }

        set
        {
            List<Socket> open;
            lock (_gate)
            {
                _behaviour = value;
                open = [.. _open];
                _open.Clear();
            }

            foreach (var socket in open)
            {
                Close(socket);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Behaviour = EngineBehaviour.Silent;
        _stop.Dispose();
        _dir.Dispose();
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            EngineBehaviour behaviour;
            lock (_gate)
            {
                Accepted++;
                behaviour = _behaviour;
                _open.Add(client);
            }

            _ = ServeAsync(client, behaviour);
        }
    }

    private async Task ServeAsync(Socket client, EngineBehaviour behaviour)
    {
        try
        {
            switch (behaviour)
            {
                case EngineBehaviour.Proxy:
                    await ProxyAsync(client);
                    break;
                case EngineBehaviour.Silent:
                    await DrainAsync(client, untilHead: false);
                    break;
                default:
                    await DrainAsync(client, untilHead: true);
                    break;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(client);
            }

            Close(client);
        }
    }

    private async Task ProxyAsync(Socket client)
    {
        var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        lock (_gate)
        {
            _open.Add(engine);
        }

        try
        {
            await engine.ConnectAsync(new UnixDomainSocketEndPoint(RealEngine), _stop.Token);
            await Task.WhenAny(PumpAsync(client, engine), PumpAsync(engine, client));
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(engine);
            }

            Close(engine);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task DrainAsync(Socket client, bool untilHead)
    {
        var buffer = new byte[16 * 1024];
        var seen = new List<byte>();
        while (true)
        {
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (untilHead)
            {
                seen.AddRange(buffer.AsSpan(0, read));
                if (System.Text.Encoding.ASCII.GetString([.. seen]).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    return;
                }
            }
        }
    }
}
