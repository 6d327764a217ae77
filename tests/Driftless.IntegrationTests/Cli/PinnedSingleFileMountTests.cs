namespace Driftless.IntegrationTests.Cli;

/// <summary>
/// The pinned-inode incident (bug.0017, docs/design.md): an rsync-style replace of a single-file bind mount is
/// invisible to compose and to the process.
/// </summary>
public sealed class PinnedSingleFileMountTests
{
    [Fact]
    public async Task SingleFileMountPinnedAfterAnAtomicRename_IsDetected_AndARestartConverges()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "allowlist = api\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var before = await stack.FactsAsync("app");

        stack.ReplaceAtomically("configs/app.conf", "allowlist = api|gateway\n");

        // The trap is real: the host has the new file, the process still reads the old inode.
        Assert.Equal("allowlist = api\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));
        Assert.Equal("allowlist = api\n", await stack.ExecCatAsync("app", "/etc/app/app.conf"));

        // ...and compose sees no change in the service spec: nothing is recreated or restarted.
        await stack.Compose.UpAsync();
        Assert.Equal(before, await stack.FactsAsync("app"));
        Assert.Equal("allowlist = api\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));

        var plan = await stack.RunAsync("plan", "--output", "json");
        Assert.True(plan.ExitCode == 2, plan.Describe());
        var item = Assert.Single(plan.Json().GetProperty("services").EnumerateArray());
        Assert.Equal("apply", item.GetProperty("action").GetString());
        Assert.Equal("pending", item.GetProperty("verdict").GetString());
        Assert.Equal(["configs/app.conf"], item.GetProperty("seen").GetProperty("pinnedFiles").EnumerateArray().Select(e => e.GetString()));
        Assert.NotEqual(item.GetProperty("desiredHash").GetString(), item.GetProperty("seen").GetProperty("hash").GetString());
        var planText = await stack.RunAsync("plan");
        Assert.Equal(2, planText.ExitCode);
        Assert.Contains("configs/app.conf modified", planText.Stdout, StringComparison.Ordinal);

        var status = await stack.RunAsync("status");
        Assert.True(status.ExitCode == 2, status.Describe());

        var apply = await stack.RunAsync("apply");
        Assert.True(apply.ExitCode == 0, apply.Describe());

        var after = await stack.FactsAsync("app");
        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(before.StartedAt, after.StartedAt);
        Assert.Equal("allowlist = api|gateway\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));
        Assert.Equal("allowlist = api|gateway\n", await stack.ExecCatAsync("app", "/etc/app/app.conf"));

        var statusAfter = await stack.RunAsync("status");
        Assert.True(statusAfter.ExitCode == 0, statusAfter.Describe());
        Assert.Contains("in sync", statusAfter.Stdout, StringComparison.Ordinal);
    }
}
