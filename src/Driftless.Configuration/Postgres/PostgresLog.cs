using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Postgres;

// Keys and versions only: document content is configuration and is never logged.
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "config schema migrated from version {From} to {To}")]
    public static partial void Migrated(ILogger logger, int from, int to);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "config document '{Key}' written, version {Version}")]
    public static partial void DocumentWritten(ILogger logger, string key, long version);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "config store connection was broken (server restarted?); pool cleared, retrying once on a fresh connection")]
    public static partial void RetryingOnFreshConnection(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "config listener connection lost; reconnecting in {Delay}")]
    public static partial void ListenerConnectionLost(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "config listener reconnected for '{Key}'; requesting a full reload")]
    public static partial void ListenerReconnected(ILogger logger, string key);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "config poll for '{Key}' failed")]
    public static partial void PollFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 313, Level = LogLevel.Error, Message = "config change handler failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);
}
