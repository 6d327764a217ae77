using Microsoft.Extensions.Logging;

namespace Driftless.Core.Checks;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "removed {Count} check container(s) left by a killed run")]
    public static partial void LeftoverChecksRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Service}: running its check ({Where})")]
    public static partial void CheckStarting(ILogger logger, string service, string where);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: check {Outcome} ({DurationMs} ms)")]
    public static partial void CheckEnded(ILogger logger, string service, CheckRunVerdict outcome, long durationMs);
}
