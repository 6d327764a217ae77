namespace Driftless.Core.Registry;

/// <summary>How an apply is verified.</summary>
/// <param name="Settle">
/// How long a container (re)started by the apply must stay running (same start time, same restart count)
/// before it counts as verified: a process that crashes on the new config exits within this window.
/// Default 1s. In-place modes do not restart the container; for them verification instead requires the
/// container's start time to be unchanged.
/// </param>
public sealed record VerifySpec(TimeSpan Settle)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static readonly VerifySpec Default = new(TimeSpan.FromSeconds(1));

    /// <summary><c>verify.http</c>, when set.</summary>
    public HttpCheckSpec? Http { get; init; }

    /// <summary><c>verify.exec</c>: argv run inside the container; exit 0 passes. Null when not set.</summary>
    public IReadOnlyList<string>? Exec { get; init; }

    /// <summary>How long the checks are retried with backoff before the apply fails (default 30s).</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
}
