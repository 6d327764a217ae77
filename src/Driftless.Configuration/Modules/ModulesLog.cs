using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Modules;

// Module and section names only: configuration values never reach a log line.
internal static partial class ModulesLog
{
    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "{Source}: module {Module} applied the change to section {Section}")]
    public static partial void Applied(ILogger logger, string source, string module, string section);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "{Source}: module {Module} returned {Result} for section {Section}; a full reload will follow")]
    public static partial void NotApplied(ILogger logger, string source, string module, string section, ReconfigureResult result);

    [LoggerMessage(EventId = 403, Level = LogLevel.Error, Message = "{Source}: module {Module} threw while reconfiguring section {Section}; a full reload will follow")]
    public static partial void ModuleThrew(ILogger logger, string source, string module, string section, Exception exception);

    [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "{Source}: full reload ({Reason})")]
    public static partial void FullReload(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 405, Level = LogLevel.Error, Message = "{Source}: the full-reload callback failed")]
    public static partial void FullReloadFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 406, Level = LogLevel.Error, Message = "{Source}: resolving the IReconfigurable modules failed; a full reload will follow")]
    public static partial void ResolveFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 407, Level = LogLevel.Error, Message = "{Source}: unexpected failure while handling a reload")]
    public static partial void HandlingFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 408, Level = LogLevel.Debug, Message = "{Source}: no key changed; nothing to reconfigure")]
    public static partial void NothingChanged(ILogger logger, string source);

    [LoggerMessage(EventId = 409, Level = LogLevel.Warning, Message = "{Source}: module {Module} has no section and is ignored")]
    public static partial void NoSection(ILogger logger, string source, string module);
}
