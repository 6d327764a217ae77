namespace Driftless.Core.Doctor;

/// <summary>Whether a TCP endpoint accepts a connection. Connect only: nothing is ever sent.</summary>
public interface IEndpointProbe
{
    Task<ProbeResult> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken);
}
