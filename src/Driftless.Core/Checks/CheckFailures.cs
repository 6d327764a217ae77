using System.Globalization;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Checks;

/// <summary>How a failed check is described, the same in <c>apply</c>'s events and in <c>driftless check</c>.</summary>
public static class CheckFailures
{
    /// <summary><c>check `caddy` exited 1</c>, or <c>check `caddy` timed out after 30s and was killed</c>.</summary>
    public static string Describe(CheckSpec check, CheckRunResult run)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(run);
        return run.TimedOut
            ? string.Create(CultureInfo.InvariantCulture, $"check `{check.Exec[0]}` timed out after {check.Timeout.TotalSeconds:0.###}s and was killed")
            : string.Create(CultureInfo.InvariantCulture, $"check `{check.Exec[0]}` exited {run.ExitCode}");
    }

    /// <summary>A check that could not be started (a missing image or program): never a pass.</summary>
    public static string CouldNotRun(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return "check could not run: " + problem.Message;
    }
}
