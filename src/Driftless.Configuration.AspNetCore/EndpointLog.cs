using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.AspNetCore;

// Module names, keys and versions only: request bodies and configuration values never reach a log line.
internal static partial class EndpointLog
{
    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "module {Module}: section {Section} written to document {Key} as version {Version}")]
    public static partial void Written(ILogger logger, string module, string section, string key, long version);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "module {Module}: write to document {Key} rejected, expected version {Expected} but found {Current}")]
    public static partial void Conflict(ILogger logger, string module, string key, long expected, long current);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "module {Module}: version {Version} of document {Key} failed validation on reload and was reverted")]
    public static partial void Reverted(ILogger logger, string module, string key, long version);

    [LoggerMessage(EventId = 504, Level = LogLevel.Error, Message = "module {Module}: version {Version} of document {Key} was written but not applied")]
    public static partial void NotApplied(ILogger logger, string module, string key, long version, Exception? exception);
}
