namespace Driftless.Core.Registry;

/// <summary><c>history:</c> — how much of each service's event history the state store keeps.</summary>
/// <param name="Keep"><c>history.keep</c> — events kept per service, newest first; at least 1 (default 1000).</param>
/// <param name="MaxAge"><c>history.max_age</c> — events older than this are pruned; null: no age limit (the default).</param>
public sealed record HistorySettings(int Keep, TimeSpan? MaxAge)
{
    public const int DefaultKeep = 1000;

    public static readonly HistorySettings Default = new(DefaultKeep, null);
}
