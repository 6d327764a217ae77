using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Watching;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "file watching unavailable for {Path} ({Reason}); polling every {IntervalMs} ms instead")]
    public static partial void FallingBackToPolling(ILogger logger, string path, string reason, double intervalMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "polling {Path} failed: {Reason}")]
    public static partial void PollFailed(ILogger logger, string path, string reason);
}
