using System.Diagnostics;
using System.Globalization;
using Driftless.Core.Runtime;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Runtime;

/// <summary>Check containers a killed Driftless could not remove, removed by the next run (Docker required).</summary>
public sealed class LeftoverCheckTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _project = TestNames.Unique("chk");
    private readonly string _otherProject = TestNames.Unique("chk");
    private readonly IContainerRuntime _runtime = Runtimes.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await CheckRuns.CleanUpAsync(_project);
        await CheckRuns.CleanUpAsync(_otherProject);
        (_runtime as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task RemoveLeftoverChecks_RemovesDeadOwnersAndExpired_KeepsLiveOnesAndOtherProjects()
    {
        var future = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var past = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();

        // This process's pid with another start time: the process that owned it is gone (pid reused).
        var deadOwner = await StartAsync(_project, Owner(startMs: 1), future);
        var expired = await StartAsync(_project, Owner(LiveStartMs()), past);
        var live = await StartAsync(_project, Owner(LiveStartMs()), future);
        var otherHost = await StartAsync(_project, $"another-host:{Environment.ProcessId}:1", future);
        var otherProject = await StartAsync(_otherProject, Owner(startMs: 1), future);

        var removed = await _runtime.RemoveLeftoverChecksAsync(_project, None);

        Assert.Equal(2, removed);
        var left = await CheckRuns.ContainersAsync(_project);
        Assert.DoesNotContain(deadOwner, left);
        Assert.DoesNotContain(expired, left);
        Assert.Contains(live, left);
        Assert.Contains(otherHost, left);
        Assert.Contains(otherProject, await CheckRuns.ContainersAsync(_otherProject));
    }

    [Fact]
    public async Task RemoveLeftoverChecks_RemovesTheCheckOfAProcessKilledMidCheck()
    {
        // A real check container of a real process that is then SIGKILLed: its own labels must mark it a leftover.
        using var child = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var childOwner = string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.MachineName}:{child.Id}:{new DateTimeOffset(child.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds()}");
        var id = await StartAsync(_project, childOwner, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());

        var whileAlive = await _runtime.RemoveLeftoverChecksAsync(_project, None);
        child.Kill();
        await child.WaitForExitAsync();
        var afterKill = await _runtime.RemoveLeftoverChecksAsync(_project, None);

        Assert.Equal(0, whileAlive);
        Assert.Equal(1, afterKill);
        Assert.DoesNotContain(id, await CheckRuns.ContainersAsync(_project));
    }

    private static string Owner(long startMs) =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{startMs}");

    private static long LiveStartMs()
    {
        using var self = Process.GetCurrentProcess();
        return new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();
    }

    /// <summary>A running container labelled as a check the way the runtime labels its own.</summary>
    private static async Task<string> StartAsync(string project, string process, long deadline)
    {
        var id = await Cmd.RunCheckedAsync([
            "docker", "run", "-d", "--network", "none",
            "--label", $"io.driftless.check={project}/edge/leftover",
            "--label", $"{CheckRuns.ProjectLabel}={project}",
            "--label", $"io.driftless.check.process={process}",
            "--label", string.Create(CultureInfo.InvariantCulture, $"io.driftless.check.deadline={deadline}"),
            TestNames.Image, "sleep", "300",
        ]);
        return id.Trim();
    }
}
