using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Sources;

// Variable names and values never appear here: an env file holds secrets. Source names and counts only.
internal static partial class Log
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "{Source}: an environment change callback threw; the other callbacks still ran")]
    public static partial void EnvironmentCallbackFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "{Source}: process environment updated: {Set} set, {Restored} restored or unset")]
    public static partial void EnvironmentUpdated(ILogger logger, string source, int set, int restored);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "{Source}: writing the variables to the process environment failed; the configuration was still published")]
    public static partial void EnvironmentUpdateFailed(ILogger logger, string source, Exception exception);
}
