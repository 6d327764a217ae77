using System.Globalization;
using System.Net.Sockets;
using Driftless.Core.Execution;

namespace Driftless.Core.Doctor;

internal sealed class TcpEndpointProbe(TimeProvider time) : IEndpointProbe
{
    public async Task<ProbeResult> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, linked.Token);
            return ProbeResult.Ok;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed($"no connection within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        catch (SocketException e)
        {
            // The socket's own message can name the resolved address; the template is what the user may see.
            return ProbeResult.Failed(NetworkFailure.Describe(e.SocketErrorCode));
        }
    }
}
