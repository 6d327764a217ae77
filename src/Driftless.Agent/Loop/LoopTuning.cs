using Driftless.Core.Registry;

namespace Driftless.Agent.Loop;

/// <summary>Knobs the loop does not read from the registry; tests shrink them.</summary>
internal sealed record LoopTuning
{
    public static readonly LoopTuning Default = new();

    /// <summary>First retry delay after a failed attempt; doubles per consecutive failure.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait before trying again when <c>driftless apply</c> holds the lock.</summary>
    public TimeSpan LockRetry { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Applied to every registry loaded (tests set keys the parser does not know yet).</summary>
    public Func<DriftlessRegistry, DriftlessRegistry>? AdjustRegistry { get; init; }
}
