using System.Globalization;
using System.Net;
using Driftless.Core.Errors;

namespace Driftless.Agent.Hosting;

/// <summary>
/// Where the API listens: <c>host:port</c>, <c>[v6]:port</c> or <c>localhost:port</c> (both loopbacks);
/// <c>*:port</c> means every address. Host names other than <c>localhost</c> are refused: an agent binds
/// addresses, and a name that resolves elsewhere later would silently widen exposure.
/// </summary>
/// <param name="Address">The address; null for <c>localhost</c>.</param>
/// <param name="Port">0 lets the kernel pick (tests).</param>
public sealed record ListenAddress(IPAddress? Address, int Port)
{
    /// <summary>Loopback only: reachable from this host and nowhere else.</summary>
    public bool IsLoopback => Address is null || IPAddress.IsLoopback(Address);

    public override string ToString() => Address switch
    {
        null => $"localhost:{Port}",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } v6 => $"[{v6}]:{Port}",
        var v4 => $"{v4}:{Port}",
    };

    /// <exception cref="DriftlessException">Not a valid address (exit 64).</exception>
    public static ListenAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        string host;
        string port;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(text, "expected [address]:port");
            }

            host = value[1..close];
            port = value[(close + 2)..];
        }
        else
        {
            var colon = value.LastIndexOf(':');
            if (colon < 0 || value.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw Invalid(text, "expected host:port (IPv6 addresses in brackets: [::1]:7411)");
            }

            host = value[..colon];
            port = value[(colon + 1)..];
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            throw Invalid(text, "the port must be a number from 0 to 65535");
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ListenAddress(null, number);
        }

        if (host is "*" or "")
        {
            return new ListenAddress(IPAddress.IPv6Any, number);
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            throw Invalid(text, "the host must be an IP address, localhost or *");
        }

        return new ListenAddress(address, number);
    }

    private static DriftlessException Invalid(string text, string problem) =>
        new(ErrorKind.Usage, $"invalid listen address '{text}': {problem}");
}
