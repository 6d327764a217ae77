using Driftless.Core.Events;
using Microsoft.Extensions.Logging;

namespace Driftless.Core.Execution;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: {Result} (mode {Mode}, {OldHash} -> {NewHash}, {DurationMs} ms)")]
    public static partial void Outcome(ILogger logger, string service, EventResult result, string mode, string? oldHash, string? newHash, long durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "history not pruned this run: {Problem}")]
    public static partial void PruneFailed(ILogger logger, string problem);
}
