using Driftless.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace Driftless.Core.Observation;

internal static partial class Log
{
    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "observing {ContainerId} via {Method}")]
    public static partial void Observing(ILogger logger, string containerId, ObservationMethod method);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "{ContainerId} sees {RelativePath} at {ContainerPath}: {Digest} pinned={Pinned}")]
    public static partial void Seen(ILogger logger, string containerId, string relativePath, string containerPath, string? digest, bool pinned);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{ContainerId}: input {Input} is not covered by any mount")]
    public static partial void Uncovered(ILogger logger, string containerId, string input);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "{ContainerId} is not running; nothing is seen")]
    public static partial void NotRunning(ILogger logger, string containerId);
}
