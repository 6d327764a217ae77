namespace Driftless.Core.Checks;

/// <summary>Every selected service's result of <c>driftless check</c>, in registry order.</summary>
public sealed record CheckReport(IReadOnlyList<ServiceCheck> Services)
{
    public int Passed => Services.Count(s => s.Outcome == CheckRunVerdict.Passed);

    public int Failed => Services.Count(s => s.Outcome == CheckRunVerdict.Failed);

    /// <summary>Services without a <c>check:</c>.</summary>
    public int Skipped => Services.Count(s => s.Outcome == CheckRunVerdict.Skipped);

    /// <summary>No check failed (a service without a check is no failure; unknown is never success, so a check that could not run is one).</summary>
    public bool Succeeded => Failed == 0;
}
