namespace Driftless.Core.Doctor;

public static class EndpointProbes
{
    /// <summary>A real TCP connect (System.Net.Sockets), timed with <paramref name="time"/>.</summary>
    public static IEndpointProbe Tcp(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new TcpEndpointProbe(time);
    }
}
