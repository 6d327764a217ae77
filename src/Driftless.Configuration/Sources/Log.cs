using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Sources;

internal static partial class Log
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "environment change callback failed")]
    public static partial void EnvironmentCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "environment updated: {Set} set, {Unset} unset")]
    public static partial void EnvironmentUpdated(ILogger logger, int set, int unset);
}
