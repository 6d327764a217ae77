using System.Net.Http;
using System.Net.Sockets;

namespace Driftless.Core.Execution;

/// <summary>
/// Fixed descriptions of network failures, chosen by the failure's kind. An exception's own message is never used:
/// it can quote the expanded URI or host (<c>Name or service not known (secret.example:80)</c>), and the URI may have
/// come from a <c>${NAME}</c> template (SECRETS_SHOW_TEMPLATES, docs/design.md).
/// </summary>
internal static class NetworkFailure
{
    public static string Describe(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var socket = Find<SocketException>(exception);
        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host not found",
            HttpRequestError.ConnectionError => socket is null ? "connection failed" : Describe(socket.SocketErrorCode),
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.HttpProtocolError => "HTTP protocol error",
            HttpRequestError.ResponseEnded => "the connection closed before a complete response",
            HttpRequestError.InvalidResponse => "invalid HTTP response",
            HttpRequestError.ProxyTunnelError => "proxy tunnel failed",
            HttpRequestError.ConfigurationLimitExceeded => "the response exceeded a client limit",
            HttpRequestError.UserAuthenticationError => "authentication failed",
            HttpRequestError.VersionNegotiationError => "HTTP version negotiation failed",
            HttpRequestError.ExtendedConnectNotSupported => "extended CONNECT not supported",
            _ when socket is not null => Describe(socket.SocketErrorCode),
            _ => $"request failed ({(exception.InnerException ?? exception).GetType().Name})",
        };
    }

    public static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        SocketError.TimedOut => "timed out",
        SocketError.ConnectionReset => "connection reset",
        _ => error.ToString(),
    };

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
