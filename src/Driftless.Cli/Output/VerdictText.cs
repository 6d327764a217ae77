using Driftless.Core.Planning;

namespace Driftless.Cli.Output;

/// <summary>The words a person reads for a verdict; also the JSON <c>verdict</c> values.</summary>
internal static class VerdictText
{
    public static string For(PlanItem item) => item.Verdict switch
    {
        Verdict.InSync => "in sync",
        Verdict.Unrecorded => "in sync (unrecorded)",
        Verdict.Pending => "pending",
        Verdict.Drifted when item.View?.AnyPinned == true => "drift: stale mount",
        Verdict.Drifted => "drift: content differs in container",
        Verdict.ContainerMissing => "container missing",
        Verdict.NotRunning => "not running",
        Verdict.NotMounted => "input not mounted",
        Verdict.Failed => "failed (last attempt)",
        Verdict.Unknown => "unknown",
        _ => item.Verdict.ToString(),
    };

    public static string Action(PlanAction action) => action.ToString().ToLowerInvariant();
}
