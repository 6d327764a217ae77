using System.Diagnostics;
using Driftless.IntegrationTests.Runtime;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>
/// The real CLI as a process, stopped while a long <c>check:</c> container runs: SIGKILL leaves the check container
/// to the next <c>apply</c>, which removes it and applies; SIGINT (Ctrl-C) and SIGTERM remove it before the CLI exits 130.
/// Either way the live container is untouched and nothing is recorded as applied.
/// </summary>
public sealed class CheckCrashTests : IAsyncLifetime
{
    private const string LongCheck = "{exec: [sleep, \"60\"], timeout: 2m}";
    private const string QuickCheck = "{exec: [\"true\"]}";
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(60);
    private readonly List<string> _projects = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var project in _projects)
        {
            await CheckRuns.CleanUpAsync(project);
        }
    }

    [Fact]
    public async Task KilledMidCheck_LiveUntouched_NothingApplied_NextApplyRemovesTheLeftoverAndApplies()
    {
        await using var stack = await ChangedStackAsync();
        var before = await stack.FactsAsync("app");

        string check;
        await using (var cli = StartCli(stack, "apply"))
        {
            check = await WaitForRunningCheckAsync(stack.Project, cli);
            cli.Kill();
            await cli.WaitForExitAsync(HangBound);
            Assert.Equal([check], await CheckRuns.ContainersAsync(stack.Project)); // the kill left it behind
        }

        Assert.Equal(before, await stack.FactsAsync("app"));
        var pending = await stack.RunAsync("plan", "--output", "json");
        Assert.True(pending.ExitCode == 2, pending.Describe());
        Assert.Equal("apply", Assert.Single(pending.Json().GetProperty("services").EnumerateArray()).GetProperty("action").GetString());
        var history = await stack.RunAsync("history", "--output", "json");
        Assert.Equal("started", history.Json().GetProperty("events").EnumerateArray().First().GetProperty("result").GetString());

        // The check now passes at once: the next apply removes the killed run's container first, then applies.
        await File.WriteAllTextAsync(stack.RegistryPath, stack.RegistryYaml().Replace(LongCheck, QuickCheck, StringComparison.Ordinal));
        var applied = await stack.RunAsync("apply");

        Assert.True(applied.ExitCode == 0, applied.Describe());
        Assert.False(await ExistsAsync(check), $"the killed run's check container {check} is still there");
        Assert.Empty(await CheckRuns.ContainersAsync(stack.Project));
        var after = await stack.FactsAsync("app");
        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(before.StartedAt, after.StartedAt);
        Assert.Equal("v2\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));
        var clean = await stack.RunAsync("plan");
        Assert.True(clean.ExitCode == 0, clean.Describe());
    }

    [Theory]
    [InlineData("INT")] // Ctrl-C
    [InlineData("TERM")]
    public async Task InterruptedMidCheck_Exits130_CheckContainerGone_LiveUntouched(string signal)
    {
        await using var stack = await ChangedStackAsync();
        var before = await stack.FactsAsync("app");
        await using var cli = StartCli(stack, "apply");
        var check = await WaitForRunningCheckAsync(stack.Project, cli);

        var exit = await cli.SignalAsync(signal, HangBound);

        Assert.True(exit == 130, $"exit {exit}\n{cli.Output}");
        Assert.Contains("interrupted", cli.Output, StringComparison.Ordinal);
        Assert.False(await ExistsAsync(check), $"check container {check} outlived the interrupted CLI");
        Assert.Empty(await CheckRuns.ContainersAsync(stack.Project));
        Assert.Equal(before, await stack.FactsAsync("app"));
        var pending = await stack.RunAsync("plan");
        Assert.True(pending.ExitCode == 2, pending.Describe());
    }

    /// <summary>An adopted busybox service with a long container check, whose input then changed.</summary>
    private async Task<Stack> ChangedStackAsync()
    {
        var stack = new Stack();
        _projects.Add(stack.Project);
        stack.Write("configs/app/app.conf", "v1\n");
        stack.Service("app").DirectoryMount("configs/app", "/etc/app").Mode("restart").Key("check", LongCheck);
        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        stack.ReplaceAtomically("configs/app/app.conf", "v2\n");
        return stack;
    }

    /// <summary>Polls until the CLI's check container is running; fails when the CLI exits first.</summary>
    private static async Task<string> WaitForRunningCheckAsync(string project, BackgroundProcess cli)
    {
        var deadline = DateTime.UtcNow + HangBound;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(cli.HasExited, $"the CLI exited before its check ran:\n{cli.Output}");
            var running = await Cmd.RunCheckedAsync(["docker", "ps", "-q", "--no-trunc", "--filter", $"label=io.driftless.check.project={project}"]);
            if (running.Split('\n', StringSplitOptions.RemoveEmptyEntries) is [var id])
            {
                return id;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no running check container within {HangBound}:\n{cli.Output}");
    }

    private static async Task<bool> ExistsAsync(string id) => (await Cmd.RunAsync(["docker", "inspect", id])).ExitCode == 0;

    /// <summary><c>dotnet driftless.dll ARGS -f driftless.yaml</c> started in the background, its output collected.</summary>
    private static BackgroundProcess StartCli(Stack stack, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = stack.Dir.Path };
        foreach (var argument in new[] { DriftlessCli.DllPath }.Concat(args).Concat(["-f", stack.RegistryPath]))
        {
            start.ArgumentList.Add(argument);
        }

        return BackgroundProcess.Start(start);
    }
}
