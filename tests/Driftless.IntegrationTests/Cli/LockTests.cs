using Driftless.Core.State;

namespace Driftless.IntegrationTests.Cli;

public sealed class LockTests
{
    [Fact]
    public async Task ConcurrentApply_SecondGetsExit75_NamingHolderPid()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "v1\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        await stack.UpAsync();
        stack.ReplaceAtomically("configs/app.conf", "v2\n");
        var before = await stack.FactsAsync("app");

        CmdResultPair blocked;
        using (ApplyLock.Acquire(stack.StateDirectory))
        {
            blocked = new(await stack.RunProcessAsync(["apply"]), await stack.RunAsync("apply"));
        }

        var lockPath = Path.Combine(stack.StateDirectory, "apply.lock");
        foreach (var result in new[] { blocked.Subprocess, blocked.InProcess })
        {
            Assert.True(result.ExitCode == 75, result.Describe());
            Assert.Equal($"driftless: another apply holds the lock {lockPath} (pid {Environment.ProcessId})\n", result.Stderr);
        }

        // Blocked means blocked: the pending restart did not happen and nothing was recorded.
        Assert.Equal(before, await stack.FactsAsync("app"));
        Assert.Equal("v1\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));
        var history = await stack.RunAsync("history");
        Assert.Contains("No events recorded.", history.Stdout, StringComparison.Ordinal);

        // The lock is released with its holder: the next apply runs.
        var apply = await stack.RunAsync("apply");
        Assert.True(apply.ExitCode == 0, apply.Describe());
        Assert.Equal("v2\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));
    }

    private sealed record CmdResultPair(Support.CmdResult Subprocess, Support.CmdResult InProcess);
}
