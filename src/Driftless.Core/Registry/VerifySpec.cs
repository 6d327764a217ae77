namespace Driftless.Core.Registry;

/// <summary>How an apply is verified.</summary>
/// <param name="Settle">
/// How long the container must stay running (same start time, same restart count) after an apply
/// before it counts as verified: a process that crashes on the new config exits within this window.
/// Default 1s.
/// </param>
public sealed record VerifySpec(TimeSpan Settle)
{
    public static readonly VerifySpec Default = new(TimeSpan.FromSeconds(1));
}
