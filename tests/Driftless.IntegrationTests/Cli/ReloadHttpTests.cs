using System.Diagnostics;
using System.Text.Json;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary><c>apply: reload_http</c> against the reloader image (busybox httpd: loads its config at start and on POST /cgi-bin/reload).</summary>
public sealed class ReloadHttpTests
{
    /// <summary>bug.0017 end to end: the native reload endpoint answers 200 and reloads the pinned old inode; Driftless sees it and restarts.</summary>
    [Fact]
    public async Task ReloadHttp_SingleFileMount_ReloadAnswers200ButServesOldConfig_DriftlessEscalatesToRestart()
    {
        await using var stack = new Stack();
        var port = FreePort.Next();
        stack.Write("configs/rl/app.conf", "allowlist = api\n");
        stack.Service("rl").FromImage(TestNames.ReloaderImage).Publish(port, 8080)
            .FileMount("configs/rl/app.conf", "/etc/app/app.conf")
            .Mode("reload_http").Reload($"http://127.0.0.1:{port}/cgi-bin/reload");
        await UpAndAdoptAsync(stack, port);
        var before = await stack.FactsAsync("rl");

        stack.ReplaceAtomically("configs/rl/app.conf", "allowlist = api|gateway\n");

        // bug.0017 by hand: the reload endpoint says 200 "config reloaded", and the service still serves the old config.
        Assert.Equal((200, "config reloaded\n"), await Http.PostAsync(port, "/cgi-bin/reload"));
        Assert.Equal("allowlist = api\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);
        Assert.Equal("allowlist = api\n", await stack.ProcessSeesTextAsync("rl", "/etc/app/app.conf"));
        Assert.Equal(before, await stack.FactsAsync("rl"));

        var events = stack.Dir.File("events.jsonl");
        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 0, apply.Describe());
        var e = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("escalated", e.GetProperty("result").GetString());
        Assert.Equal("reload_http", e.GetProperty("mode").GetString());
        Assert.Equal("stale_mount", e.GetProperty("reason").GetString());
        Assert.Equal("restart", e.GetProperty("modeUsed").GetString());
        Assert.Equal(await stack.HashAsync("configs/rl/app.conf"), e.GetProperty("newHash").GetString());
        Assert.Equal(["configs/rl/app.conf"], e.GetProperty("changedInputs").EnumerateArray().Select(x => x.GetString()));

        var after = await stack.FactsAsync("rl");
        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(before.StartedAt, after.StartedAt);
        Assert.True(after.Running);
        await Http.WaitUntilServingAsync(port, "/cgi-bin/config");
        Assert.Equal("allowlist = api|gateway\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);
        Assert.Equal("allowlist = api|gateway\n", await stack.ProcessSeesTextAsync("rl", "/etc/app/app.conf"));

        var status = await stack.RunAsync("status");
        Assert.True(status.ExitCode == 0, status.Describe());
    }

    [Fact]
    public async Task ReloadHttp_DirectoryMount_ReloadsInPlace_StartedAtUnchanged()
    {
        await using var stack = new Stack();
        var port = FreePort.Next();
        stack.Write("configs/rl/app.conf", "version = 1\n");
        stack.Service("rl").FromImage(TestNames.ReloaderImage).Publish(port, 8080)
            .DirectoryMount("configs/rl", "/etc/app")
            .Mode("reload_http").Reload($"http://127.0.0.1:{port}/cgi-bin/reload");
        await UpAndAdoptAsync(stack, port);
        var before = await stack.FactsAsync("rl");

        stack.ReplaceAtomically("configs/rl/app.conf", "version = 2\n");
        Assert.Equal("version = 1\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);
        var events = stack.Dir.File("events.jsonl");

        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 0, apply.Describe());
        var e = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("applied", e.GetProperty("result").GetString());
        Assert.Equal("reload_http", e.GetProperty("mode").GetString());
        AssertModeUsedIsConfigured(e);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("reason").ValueKind);
        Assert.Equal(await stack.HashAsync("configs/rl/"), e.GetProperty("newHash").GetString());
        Assert.Equal("version = 2\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);
        Assert.Equal(before, await stack.FactsAsync("rl"));

        var status = await stack.RunAsync("status");
        Assert.True(status.ExitCode == 0, status.Describe());
    }

    [Fact]
    public async Task ReloadEndpointUnreachable_RunsFallback_AndSaysSo()
    {
        await using var stack = new Stack();
        var port = FreePort.Next();
        using var nobody = FreePort.Refusing();
        stack.Write("configs/rl/app.conf", "version = 1\n");
        stack.Service("rl").FromImage(TestNames.ReloaderImage).Publish(port, 8080)
            .DirectoryMount("configs/rl", "/etc/app")
            .Mode("reload_http").Reload($"http://127.0.0.1:{nobody.Port}/cgi-bin/reload", timeout: "2s")
            .Fallback("restart");
        await UpAndAdoptAsync(stack, port);
        var before = await stack.FactsAsync("rl");

        stack.ReplaceAtomically("configs/rl/app.conf", "version = 2\n");
        var events = stack.Dir.File("events.jsonl");

        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 0, apply.Describe());
        Assert.Contains("fallback", apply.Stdout + apply.Stderr, StringComparison.Ordinal);
        var e = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("escalated", e.GetProperty("result").GetString());
        Assert.Equal("reload_http", e.GetProperty("mode").GetString());
        Assert.StartsWith("fallback", e.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("restart", e.GetProperty("modeUsed").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("error").ValueKind);

        var after = await stack.FactsAsync("rl");
        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(before.StartedAt, after.StartedAt);
        await Http.WaitUntilServingAsync(port, "/cgi-bin/config");
        Assert.Equal("version = 2\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);
        Assert.Equal(0, (await stack.RunAsync("status")).ExitCode);
    }

    /// <summary>A reachable endpoint that rejects the config (500) is a failure, never a reason to fall back to a restart.</summary>
    [Fact]
    public async Task ReloadEndpointReturns500_Exit1_StateNotAdvanced()
    {
        await using var stack = new Stack();
        var (port, goodHash) = await RejectingStackAsync(stack);
        var before = await stack.FactsAsync("rl");
        var events = stack.Dir.File("events.jsonl");

        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 1, apply.Describe());
        var e = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("failed", e.GetProperty("result").GetString());
        Assert.Equal("reload_http", e.GetProperty("mode").GetString());
        Assert.Equal(goodHash, e.GetProperty("oldHash").GetString());
        Assert.Contains("500", e.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(e.GetProperty("modeUsed").ValueKind == JsonValueKind.Null || e.GetProperty("modeUsed").GetString() == "reload_http", e.ToString());

        // Not restarted (the fallback is for an unreachable endpoint only), still serving the old config.
        Assert.Equal(before, await stack.FactsAsync("rl"));
        Assert.Equal("version = 1\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);

        var status = await stack.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 2, status.Describe());
        var item = Assert.Single(status.Json().GetProperty("services").EnumerateArray());
        Assert.Equal(goodHash, item.GetProperty("appliedHash").GetString());
        Assert.NotEqual(goodHash, item.GetProperty("desiredHash").GetString());
        Assert.Equal(2, (await stack.RunAsync("plan")).ExitCode);
    }

    [Fact]
    public async Task Status_FailedLastAttempt()
    {
        await using var stack = new Stack();
        await RejectingStackAsync(stack);
        var apply = await stack.RunAsync("apply");
        Assert.True(apply.ExitCode == 1, apply.Describe());

        var status = await stack.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 2, status.Describe());
        var item = Assert.Single(status.Json().GetProperty("services").EnumerateArray());
        Assert.Equal("failed (last attempt)", item.GetProperty("verdict").GetString());
        var text = await stack.RunAsync("status");
        Assert.Equal(2, text.ExitCode);
        Assert.Contains("failed (last attempt)", text.Stdout, StringComparison.Ordinal);

        // Fixing the config converges, and the verdict goes back to in sync.
        stack.ReplaceAtomically("configs/rl/app.conf", "version = 3\n");
        var fixedApply = await stack.RunAsync("apply");
        Assert.True(fixedApply.ExitCode == 0, fixedApply.Describe());
        var after = await stack.RunAsync("status");
        Assert.True(after.ExitCode == 0, after.Describe());
        Assert.DoesNotContain("failed", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyHttpFailing_Exit1()
    {
        await using var stack = new Stack();
        var port = FreePort.Next();
        stack.Write("configs/rl/app.conf", "version = 1\n");
        stack.Service("rl").FromImage(TestNames.ReloaderImage).Publish(port, 8080)
            .DirectoryMount("configs/rl", "/etc/app")
            .Mode("reload_http").Reload($"http://127.0.0.1:{port}/cgi-bin/reload")
            .VerifyHttp($"http://127.0.0.1:{port}/cgi-bin/health", bodyContains: "ok")
            .VerifyTimeout("2s");
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/cgi-bin/health");
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var goodHash = await stack.HashAsync("configs/rl/");

        stack.ReplaceAtomically("configs/rl/app.conf", "version = 2\nUNHEALTHY\n");
        var events = stack.Dir.File("events.jsonl");
        var clock = Stopwatch.StartNew();

        var apply = await stack.RunAsync("apply", "--events", events);

        clock.Stop();
        Assert.True(apply.ExitCode == 1, apply.Describe());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"verify.timeout 2s, but apply took {clock.Elapsed}");
        Assert.Equal((503, "unhealthy\n"), await Http.GetAsync(port, "/cgi-bin/health"));
        var e = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("failed", e.GetProperty("result").GetString());
        Assert.Contains("503", e.GetProperty("error").GetString(), StringComparison.Ordinal);

        var status = await stack.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 2, status.Describe());
        Assert.Equal(goodHash, Assert.Single(status.Json().GetProperty("services").EnumerateArray()).GetProperty("appliedHash").GetString());
    }

    /// <summary>A reload_http service (fallback: restart) with an adopted good config, then a config the service rejects (line INVALID).</summary>
    private static async Task<(int Port, string GoodHash)> RejectingStackAsync(Stack stack)
    {
        var port = FreePort.Next();
        stack.Write("configs/rl/app.conf", "version = 1\n");
        stack.Service("rl").FromImage(TestNames.ReloaderImage).Publish(port, 8080)
            .DirectoryMount("configs/rl", "/etc/app")
            .Mode("reload_http").Reload($"http://127.0.0.1:{port}/cgi-bin/reload")
            .Fallback("restart");
        await UpAndAdoptAsync(stack, port);
        var goodHash = await stack.HashAsync("configs/rl/");
        stack.ReplaceAtomically("configs/rl/app.conf", "version = 2\nINVALID\n");
        return (port, goodHash);
    }

    internal static void AssertModeUsedIsConfigured(JsonElement e)
    {
        var used = e.GetProperty("modeUsed");
        Assert.True(used.ValueKind == JsonValueKind.Null || used.GetString() == e.GetProperty("mode").GetString(), e.ToString());
    }

    /// <summary>Starts the stack, waits until the reloader serves, and records it (first apply adopts).</summary>
    private static async Task UpAndAdoptAsync(Stack stack, int port)
    {
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/cgi-bin/config");
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
    }
}
