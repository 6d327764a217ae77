using System.Diagnostics;
using System.Globalization;

namespace Driftless.Docker;

/// <summary>
/// The labels of a check container, and the rule that makes one a leftover: its owning process (on this host)
/// is gone, or its deadline has passed. A check of a live Driftless process is never touched by another.
/// </summary>
internal static class CheckLabels
{
    /// <summary><c>&lt;project&gt;/&lt;owner&gt;</c> (owner: the caller's service and run id).</summary>
    public const string Check = "io.driftless.check";

    /// <summary>The project, for listing one project's checks by an exact label filter.</summary>
    public const string Project = "io.driftless.check.project";

    /// <summary><c>&lt;host&gt;:&lt;pid&gt;:&lt;process start, unix ms&gt;</c> of the Driftless process that runs it.</summary>
    public const string Process = "io.driftless.check.process";

    /// <summary>Unix seconds after which no run can still be waiting for it.</summary>
    public const string Deadline = "io.driftless.check.deadline";

    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(2);

    public static Dictionary<string, string> For(string project, string owner, DateTimeOffset deadline) => new(StringComparer.Ordinal)
    {
        [Check] = $"{project}/{owner}",
        [Project] = project,
        [Process] = CurrentProcess(),
        [Deadline] = deadline.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    public static bool IsLeftover(IDictionary<string, string>? labels, DateTimeOffset now)
    {
        if (labels is null)
        {
            return false;
        }

        if (labels.TryGetValue(Deadline, out var deadline)
            && long.TryParse(deadline, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) < now)
        {
            return true;
        }

        return labels.TryGetValue(Process, out var process) && IsDeadOnThisHost(process);
    }

    private static string CurrentProcess()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{StartMs(self)}");
    }

    // Another host's process cannot be looked at: its checks wait for their deadline.
    private static bool IsDeadOnThisHost(string process)
    {
        var parts = process.Split(':');
        if (parts.Length != 3 || !string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var startMs))
        {
            return false;
        }

        try
        {
            using var found = System.Diagnostics.Process.GetProcessById(pid);

            // The pid may have been reused by a process started later.
            return Math.Abs(StartMs(found) - startMs) > StartTolerance.TotalMilliseconds;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            // Exited between the lookup and the start time.
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not ours to look at: alive, as far as anyone here can tell.
            return false;
        }
    }

    private static long StartMs(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();
}
