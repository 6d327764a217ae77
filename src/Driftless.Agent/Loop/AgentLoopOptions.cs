using Driftless.Core.Registry;

namespace Driftless.Agent.Loop;

/// <summary>What the composition root (the CLI) hands the convergence loop.</summary>
/// <param name="Registry">
/// The registry to converge, as loaded at start-up (the CLI reads it once, for the listen address and token
/// too). Its file is watched; later edits are re-read by the loop.
/// </param>
/// <param name="Pass">Builds the pipeline on the loop's state store (production: a <c>ConvergencePass</c> over the real runtime).</param>
public sealed record AgentLoopOptions(DriftlessRegistry Registry, ConvergencePassFactory Pass)
{
    /// <summary>Independent services applied at once within a pass (as <c>apply --parallel</c>). Default 4.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>The retry delay after a service's first failed attempt; it doubles per consecutive failure. Default 1 s.</summary>
    public TimeSpan RetryFirst { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay. Default 5 min.</summary>
    public TimeSpan RetryCap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the loop waits before trying again when <c>driftless apply</c> holds the apply lock. Default 2 s.</summary>
    public TimeSpan LockRetry { get; init; } = TimeSpan.FromSeconds(2);

    /// <exception cref="ArgumentException">A member is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Registry);
        ArgumentNullException.ThrowIfNull(Pass);
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryFirst, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryCap, RetryFirst);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LockRetry, TimeSpan.Zero);
    }
}
