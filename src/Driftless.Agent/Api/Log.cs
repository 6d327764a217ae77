using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Api;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Error, Message = "API request failed unexpectedly: {ExceptionType}: {ExceptionMessage}")]
    public static partial void UnexpectedException(ILogger logger, string exceptionType, string exceptionMessage);
}
