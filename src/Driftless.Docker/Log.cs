using Microsoft.Extensions.Logging;

namespace Driftless.Docker;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "engine {Endpoint} answered ping")]
    public static partial void Pinged(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "container {ContainerId} found for {Target}")]
    public static partial void Found(ILogger logger, string containerId, string target);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "no container for {Target}")]
    public static partial void NotFound(ILogger logger, string target);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "restarting {ContainerId} (stop grace {GraceSeconds}s)")]
    public static partial void Restarting(ILogger logger, string containerId, uint graceSeconds);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "compose detected: {Command}")]
    public static partial void ComposeDetected(ILogger logger, string command);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "recreating {Service} of project {Project} with override {OverridePath}")]
    public static partial void Recreating(ILogger logger, string service, string project, string overridePath);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "compose exited {ExitCode} recreating {Service}")]
    public static partial void ComposeFailed(ILogger logger, string service, int exitCode);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "/proc/{Pid}/root of {ContainerId} not usable, falling back to exec")]
    public static partial void ProcRootUnavailable(ILogger logger, long pid, string containerId);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "sending {Signal} to {ContainerId}")]
    public static partial void Signalling(ILogger logger, string containerId, string signal);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "exec {Command} in {ContainerId}")]
    public static partial void Executing(ILogger logger, string containerId, string command);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "managed {Service}: creating container {Name} from {Image}")]
    public static partial void ManagedCreating(ILogger logger, string service, string name, string image);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "managed {Service}: container {ContainerId} started")]
    public static partial void ManagedStarted(ILogger logger, string service, string containerId);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "managed {Service}: start from {Image} failed: engine answered {StatusCode}: {EngineMessage}")]
    public static partial void ManagedStartFailed(ILogger logger, string service, string image, int statusCode, string engineMessage);

    [LoggerMessage(EventId = 18, Level = LogLevel.Information, Message = "removed container {ContainerId} left by a failed start")]
    public static partial void ManagedCleanedUp(ILogger logger, string containerId);

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "could not remove container {ContainerId} left by a failed start ({Error})")]
    public static partial void ManagedCleanupFailed(ILogger logger, string containerId, string error);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "stopping {ContainerId} (stop grace {GraceSeconds}s)")]
    public static partial void ManagedStopping(ILogger logger, string containerId, uint graceSeconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "removing {ContainerId}")]
    public static partial void ManagedRemoving(ILogger logger, string containerId);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "check of {Owner}: running {Command} in a throwaway container of {Image}")]
    public static partial void CheckCreating(ILogger logger, string owner, string image, string command);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "check of {Owner}: exit {ExitCode} (timed out: {TimedOut}) after {DurationMs} ms")]
    public static partial void CheckFinished(ILogger logger, string owner, long? exitCode, bool timedOut, long durationMs);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "check of {Owner}: container {ContainerId} still running after {TimeoutMs} ms; killing it")]
    public static partial void CheckTimedOut(ILogger logger, string owner, string containerId, long timeoutMs);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "could not remove check container {ContainerId} ({Error}); the next run removes it")]
    public static partial void CheckRemoveFailed(ILogger logger, string containerId, string error);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "removed leftover check container {ContainerId} ({Check})")]
    public static partial void CheckLeftoverRemoved(ILogger logger, string containerId, string check);
}
