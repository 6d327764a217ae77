using System.Text;
using System.Text.Json;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

// The invariants of docs/design.md, one test class each so they run in parallel; each test names the invariant it keeps.

public sealed class DiffImpliesApplyTests
{
    /// <summary>
    /// A directory mount shows the new file at once, but the process has not loaded it: a changed desired
    /// hash must still be applied (restart) and recorded, not waved through because the file is visible.
    /// </summary>
    [Fact] // DIFF_IMPLIES_APPLY
    public async Task Apply_RestartsAndRecords_AChangedHash_EvenWhenTheDirectoryMountAlreadyShowsTheNewFile()
    {
        await using var stack = new Stack();
        stack.Write("configs/app/app.conf", "workers = 2\n");
        stack.Service("app").Mode("restart").DirectoryMount("configs/app", "/etc/app");
        await stack.UpAsync();
        Assert.Equal(0, (await stack.RunAsync("apply")).ExitCode);
        var oldHash = await stack.HashAsync("configs/app/");
        var before = await stack.FactsAsync("app");

        stack.ReplaceAtomically("configs/app/app.conf", "workers = 8\n");
        var newHash = await stack.HashAsync("configs/app/");
        Assert.Equal("workers = 8\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));

        var plan = await stack.RunAsync("plan", "--output", "json");
        Assert.True(plan.ExitCode == 2, plan.Describe());
        var item = Assert.Single(plan.Json().GetProperty("services").EnumerateArray());
        Assert.Equal("apply", item.GetProperty("action").GetString());
        Assert.Equal("pending", item.GetProperty("verdict").GetString());
        Assert.Equal(newHash, item.GetProperty("seen").GetProperty("hash").GetString());

        var events = stack.Dir.File("events.jsonl");
        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 0, apply.Describe());
        var after = await stack.FactsAsync("app");
        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(before.StartedAt, after.StartedAt);
        var applied = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("applied", applied.GetProperty("result").GetString());
        Assert.Equal(oldHash, applied.GetProperty("oldHash").GetString());
        Assert.Equal(newHash, applied.GetProperty("newHash").GetString());

        var history = (await stack.RunAsync("history", "--output", "json")).Json().GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["applied", "adopted"], history.Select(e => e.GetProperty("result").GetString()));
        Assert.Equal(newHash, history[0].GetProperty("newHash").GetString());
        var status = await stack.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 0, status.Describe());
        Assert.Equal(newHash, status.Json().GetProperty("services")[0].GetProperty("appliedHash").GetString());
    }
}

public sealed class NoRsyncOnlySuccessTests
{
    /// <summary>
    /// The file was rsynced; the process still sees the old inode. <c>apply: none</c> cannot change that,
    /// so apply must fail (not report success) and status must not say in sync.
    /// </summary>
    [Fact] // NO_RSYNC_ONLY_SUCCESS
    public async Task Apply_Fails_AndStatusIsNotInSync_WhileTheProcessReadsTheOldInodeAfterAnRsync()
    {
        await using var stack = new Stack();
        stack.Write("configs/alloy.conf", "allow = api\n");
        stack.Service("alloy").Mode("none").FileMount("configs/alloy.conf", "/etc/alloy/config.alloy");
        await stack.UpAsync();
        Assert.Equal(0, (await stack.RunAsync("apply")).ExitCode);
        var oldHash = await stack.HashAsync("configs/alloy.conf");
        var before = await stack.FactsAsync("alloy");

        stack.ReplaceAtomically("configs/alloy.conf", "allow = api|gateway\n");
        Assert.Equal("allow = api\n", await stack.ExecCatAsync("alloy", "/etc/alloy/config.alloy"));
        var events = stack.Dir.File("events.jsonl");

        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 1, apply.Describe());
        Assert.DoesNotContain("All services verified in sync", apply.Stdout, StringComparison.Ordinal);
        var failed = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("failed", failed.GetProperty("result").GetString());
        Assert.Equal("none", failed.GetProperty("mode").GetString());
        Assert.Contains("configs/alloy.conf pinned to an old inode", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await stack.FactsAsync("alloy"));

        var status = await stack.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 2, status.Describe());
        var item = status.Json().GetProperty("services")[0];
        Assert.NotEqual("in sync", item.GetProperty("verdict").GetString());
        Assert.Equal(oldHash, item.GetProperty("appliedHash").GetString());

        // Running it again does not turn the failure into success.
        Assert.Equal(1, (await stack.RunAsync("apply")).ExitCode);
        Assert.Equal(2, (await stack.RunAsync("plan")).ExitCode);
    }
}

public sealed class ApplyIsObservableTests
{
    /// <summary>One event per service per run, with service, hashes, mode and result; never file contents.</summary>
    [Fact] // APPLY_IS_OBSERVABLE
    public async Task EveryRun_ReportsOneEventPerService_WithHashesModeAndResult_AndNeverTheContents()
    {
        var secret = "s3cr3t-" + Guid.NewGuid().ToString("N");
        await using var stack = new Stack();
        stack.Write("configs/app.conf", $"password = {secret}-1\n");
        stack.Write("configs/web/token.txt", $"{secret}-web\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        stack.Service("web").Mode("recreate").DirectoryMount("configs/web", "/etc/web");
        await stack.UpAsync();
        var events = stack.Dir.File("events.jsonl");
        var outputs = new List<CmdResult>();

        async Task<CmdResult> Run(params string[] args)
        {
            // --verbose logs go to the process's real stderr: run those as a subprocess to capture them.
            var result = args.Contains("--verbose") ? await stack.RunProcessAsync(args) : await stack.RunAsync(args);
            outputs.Add(result);
            return result;
        }

        Assert.Equal(0, (await Run("apply", "--events", events, "--verbose", "--parallel", "1")).ExitCode);
        stack.ReplaceAtomically("configs/app.conf", $"password = {secret}-2\n");
        stack.ReplaceAtomically("configs/web/token.txt", $"{secret}-web-2\n");
        await Run("plan", "--verbose");
        await Run("plan", "--output", "json");
        Assert.Equal(0, (await Run("apply", "--events", events, "--verbose", "--parallel", "1")).ExitCode);
        Assert.Equal(0, (await Run("apply", "--events", events, "--output", "json", "--parallel", "1")).ExitCode);
        await Run("status", "--verbose");
        await Run("status", "--output", "json");
        await Run("history");
        var history = await Run("history", "--output", "json");

        // --parallel 1: events in registry order, so the three runs read as pairs.
        var lines = Stack.ReadEvents(events);
        Assert.Equal(6, lines.Count);
        string[] keys = ["ts", "service", "oldHash", "newHash", "changedInputs", "mode", "result", "durationMs", "containerId", "newContainerId", "error", "reason", "modeUsed", "output", "check"];
        Assert.All(lines, e => Assert.Equal(keys, e.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(["app", "web", "app", "web", "app", "web"], lines.Select(e => e.GetProperty("service").GetString()));
        Assert.Equal(["adopted", "adopted", "applied", "applied", "noop", "noop"], lines.Select(e => e.GetProperty("result").GetString()));
        Assert.Equal(["restart", "recreate", "restart", "recreate", "restart", "recreate"], lines.Select(e => e.GetProperty("mode").GetString()));
        Assert.Equal(lines[0].GetProperty("newHash").GetString(), lines[2].GetProperty("oldHash").GetString());
        Assert.Equal(lines[1].GetProperty("newHash").GetString(), lines[3].GetProperty("oldHash").GetString());
        Assert.Equal(await stack.HashAsync("configs/app.conf"), lines[2].GetProperty("newHash").GetString());
        Assert.Equal(await stack.HashAsync("configs/web/"), lines[3].GetProperty("newHash").GetString());
        Assert.Equal(["configs/app.conf"], lines[2].GetProperty("changedInputs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["configs/web/token.txt"], lines[3].GetProperty("changedInputs").EnumerateArray().Select(e => e.GetString()));

        // history holds the same events, newest first — but for the last run's no-ops: they only confirm what
        // each service's newest event already says, so they reach the events file and are not recorded again.
        var recorded = history.Json().GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(
            lines.Where(e => e.GetProperty("result").GetString() != "noop")
                .Select(e => (e.GetProperty("service").GetString(), e.GetProperty("result").GetString(), e.GetProperty("newHash").GetString())).Reverse(),
            recorded.Select(e => (e.GetProperty("service").GetString(), e.GetProperty("result").GetString(), e.GetProperty("newHash").GetString())));

        // No contents anywhere: events file, every stdout/stderr (verbose logs included), the state on disk.
        Assert.DoesNotContain(secret, File.ReadAllText(events), StringComparison.Ordinal);
        Assert.All(outputs, o =>
        {
            Assert.DoesNotContain(secret, o.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, o.Stderr, StringComparison.Ordinal);
        });
        Assert.Contains(outputs, o => o.Stderr.Length > 0); // --verbose did log something to search
        foreach (var file in Directory.EnumerateFiles(stack.StateDirectory, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(secret, Encoding.Latin1.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
        }
    }
}

public sealed class ApplyImpliesRuntimeMatchTests
{
    /// <summary>After a successful apply, what the process sees hashes (computed here, not by Driftless) to the desired hash.</summary>
    [Fact] // APPLY_IMPLIES_RUNTIME_MATCH
    public async Task AfterApply_WhatEachProcessSees_HashesToTheDesiredHash()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "level = info\n");
        stack.Write("configs/web/index.html", "<h1>v1</h1>\n");
        stack.Write("configs/web/conf.d/site.conf", "listen 80;\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        stack.Service("web").Mode("recreate").DirectoryMount("configs/web", "/etc/web");
        await stack.UpAsync();
        Assert.Equal(0, (await stack.RunAsync("apply")).ExitCode);

        stack.ReplaceAtomically("configs/app.conf", "level = debug\n");
        stack.ReplaceAtomically("configs/web/index.html", "<h1>v2</h1>\n");
        stack.Write("configs/web/conf.d/extra.conf", "gzip on;\n");
        var apply = await stack.RunAsync("apply");
        Assert.True(apply.ExitCode == 0, apply.Describe());

        // Desired, three ways: driftless hash, status, and this test's own hash of the host files.
        var appDesired = IndependentHash.Of([("configs/app.conf", File.ReadAllBytes(stack.Dir.File("configs/app.conf")))]);
        var webDesired = IndependentHash.Of(HostFiles(stack, "configs/web"));
        Assert.Equal(appDesired, await stack.HashAsync("configs/app.conf"));
        Assert.Equal(webDesired, await stack.HashAsync("configs/web/"));

        // What the processes see, read through /proc/<pid>/root and docker exec.
        var appSeen = await stack.ProcessSeesAsync("app", "/etc/app/app.conf");
        Assert.Equal(appDesired, IndependentHash.Of([("configs/app.conf", appSeen)]));
        Assert.Equal("level = debug\n", await stack.ExecCatAsync("app", "/etc/app/app.conf"));
        var web = await stack.FactsAsync("web");
        var webRoot = $"/proc/{web.Pid}/root/etc/web";
        var webSeen = Directory.EnumerateFiles(webRoot, "*", SearchOption.AllDirectories)
            .Select(f => ("configs/web/" + Path.GetRelativePath(webRoot, f), File.ReadAllBytes(f)))
            .ToList();
        Assert.Equal(3, webSeen.Count);
        Assert.Equal(webDesired, IndependentHash.Of(webSeen));
        Assert.Equal("gzip on;\n", await stack.ExecCatAsync("web", "/etc/web/conf.d/extra.conf"));

        var status = await stack.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 0, status.Describe());
        var services = status.Json().GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("service").GetString()!);
        Assert.Equal(appDesired, services["app"].GetProperty("desiredHash").GetString());
        Assert.Equal(appDesired, services["app"].GetProperty("seen").GetProperty("hash").GetString());
        Assert.Equal(webDesired, services["web"].GetProperty("desiredHash").GetString());
        Assert.Equal(webDesired, services["web"].GetProperty("seen").GetProperty("hash").GetString());
    }

    private static List<(string, byte[])> HostFiles(Stack stack, string relativeDirectory) =>
        Directory.EnumerateFiles(stack.Dir.File(relativeDirectory), "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(stack.Dir.Path, f), File.ReadAllBytes(f)))
            .ToList();
}
