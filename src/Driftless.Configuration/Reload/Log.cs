using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Reload;

// Never pass configuration values here: source names, paths, hashes and exception messages only
// (ConfigLoadException and ConfigValidationException messages are content-free by contract).
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "cannot watch {Directory} for changes ({Reason}); polling every {Interval} instead")]
    public static partial void FallingBackToPolling(ILogger logger, string directory, string reason, TimeSpan interval);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "change callback for {Paths} failed")]
    public static partial void WatcherCallbackFailed(ILogger logger, string paths, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "watching {Directory} for {Names}")]
    public static partial void Watching(ILogger logger, string directory, string names);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "polling {Paths} failed")]
    public static partial void PollFailed(ILogger logger, string paths, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Source}: loaded {Hash} (revision {Revision})")]
    public static partial void Loaded(ILogger logger, string source, string hash, long revision);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Source}: reloaded {OldHash} -> {NewHash} (revision {Revision})")]
    public static partial void Published(ILogger logger, string source, string oldHash, string newHash, long revision);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "{Source}: content unchanged ({Hash}); nothing published")]
    public static partial void Unchanged(ILogger logger, string source, string hash);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "{Source}: reload failed; keeping {Hash} (revision {Revision})")]
    public static partial void ReloadRejected(ILogger logger, string source, string hash, long revision, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "{Source}: a {Handler} handler threw; the other handlers still ran")]
    public static partial void HandlerFailed(ILogger logger, string source, string handler, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "{Source}: unexpected failure in the background reload")]
    public static partial void BackgroundReloadFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "{Source}: content is back to the published {Hash}; the last error is cleared")]
    public static partial void Recovered(ILogger logger, string source, string hash);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "{Source}: starting or stopping the source's own change signal failed")]
    public static partial void SubscriptionFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 18, Level = LogLevel.Information, Message = "{Source}: the source requested a full reload (changes may have been missed)")]
    public static partial void FullReloadRequested(ILogger logger, string source);
}
