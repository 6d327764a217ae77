using System.Net.Sockets;
using Npgsql;

namespace Driftless.Configuration.Postgres;

/// <summary>
/// Recognises a failure caused by the connection rather than by the statement: the server ended the session (restart,
/// <c>pg_terminate_backend</c>, idle timeout) or the socket broke. A pooled connection can be dead this way long before
/// anyone uses it again — after a server restart every idle connection in the pool is.
/// </summary>
internal static class PostgresBrokenConnection
{
    public static bool Is(Exception exception) => exception switch
    {
        // Class 08: connection exception; 57P01/57P02: the server shut the session down; 57P05: idle session timeout.
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or "57P05",
        NpgsqlException { InnerException: IOException or SocketException } => true,
        _ => false,
    };
}
