using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "agent converging {Registry}: {Services} services, tick {TickSeconds}s, watch {Watch}")]
    public static partial void Started(ILogger logger, string registry, int services, double tickSeconds, string watch);

    [LoggerMessage(Level = LogLevel.Error, Message = "pass failed: {Message}")]
    public static partial void PassFailed(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pass failure detail")]
    public static partial void PassFailedDetail(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "pass failed unexpectedly")]
    public static partial void PassCrashed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}; retrying at the next trigger")]
    public static partial void EngineUnreachable(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}; the agent retries in {RetryMs} ms")]
    public static partial void LockHeld(ILogger logger, string message, double retryMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "registry change rejected, keeping revision {Revision}: {Message}")]
    public static partial void RegistryRejected(ILogger logger, long revision, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "registry reloaded: {Registry} revision {Revision} ({Services} services)")]
    public static partial void RegistryReloaded(ILogger logger, string registry, long revision, int services);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Service}: inputs unchanged ({Hash}); nothing to do")]
    public static partial void InputsUnchanged(ILogger logger, string service, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: failed; retrying in {DelayMs} ms")]
    public static partial void RetryScheduled(ILogger logger, string service, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "registry reload failed unexpectedly; the registry in force stays")]
    public static partial void ReloadCrashed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "loop listener {Listener} failed")]
    public static partial void ListenerFailed(ILogger logger, string listener, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping: the in-flight pass finished")]
    public static partial void Stopped(ILogger logger);
}
