using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

public sealed class PlanEscalationTests
{
    /// <summary><c>plan</c> names the mode apply will run: a reload of a pinned single-file mount is predicted to escalate to a restart.</summary>
    [Fact]
    public async Task Plan_NamesPredictedEscalation()
    {
        await using var stack = new Stack();
        var port = FreePort.Next();
        stack.Write("configs/rl/app.conf", "version = 1\n");
        stack.Write("configs/ok/app.conf", "version = 1\n");
        stack.Service("rl").FromImage(TestNames.ReloaderImage).Publish(port, 8080)
            .FileMount("configs/rl/app.conf", "/etc/app/app.conf")
            .Mode("reload_http").Reload($"http://127.0.0.1:{port}/cgi-bin/reload");
        stack.Service("ok").FromImage(TestNames.ReloaderImage)
            .DirectoryMount("configs/ok", "/etc/app")
            .Mode("exec").ExecApply("wget", "-q", "-O-", "--post-data=", "http://127.0.0.1:8080/cgi-bin/reload");
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/cgi-bin/config");
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var before = await stack.FactsAsync("rl");

        stack.ReplaceAtomically("configs/rl/app.conf", "version = 2\n");
        stack.ReplaceAtomically("configs/ok/app.conf", "version = 2\n");

        var json = await stack.RunAsync("plan", "--output", "json");
        Assert.True(json.ExitCode == 2, json.Describe());
        var services = json.Json().GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("service").GetString()!);
        Assert.Equal("reload_http", services["rl"].GetProperty("mode").GetString());
        Assert.Equal("restart", services["rl"].GetProperty("modeToRun").GetString());
        Assert.Equal("stale_mount", services["rl"].GetProperty("escalation").GetString());
        Assert.Equal("exec", services["ok"].GetProperty("modeToRun").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, services["ok"].GetProperty("escalation").ValueKind);

        var text = await stack.RunAsync("plan");
        Assert.True(text.ExitCode == 2, text.Describe());
        var rlLine = Assert.Single(text.Stdout.Split('\n'), l => l.StartsWith("rl ", StringComparison.Ordinal));
        Assert.True(rlLine.Contains("reload_http → restart", StringComparison.Ordinal), text.Describe());
        Assert.True(rlLine.Contains("configs/rl/app.conf is a single-file mount pinned to an old inode", StringComparison.Ordinal), text.Describe());
        var okLine = Assert.Single(text.Stdout.Split('\n'), l => l.StartsWith("ok ", StringComparison.Ordinal));
        Assert.DoesNotContain("→ restart", okLine, StringComparison.Ordinal);

        // plan only predicts: nothing was touched.
        Assert.Equal(before, await stack.FactsAsync("rl"));
        Assert.Equal("version = 1\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);
    }

    /// <summary><c>on_stale_mount: fail</c>: no escalation; the service fails closed and nothing is touched.</summary>
    [Fact]
    public async Task OnStaleMountFail_PinnedFile_Exit1_NothingTouched()
    {
        await using var stack = new Stack();
        var port = FreePort.Next();
        stack.Write("configs/rl/app.conf", "version = 1\n");
        stack.Service("rl").FromImage(TestNames.ReloaderImage).Publish(port, 8080)
            .FileMount("configs/rl/app.conf", "/etc/app/app.conf")
            .Mode("reload_http").Reload($"http://127.0.0.1:{port}/cgi-bin/reload")
            .OnStaleMount("fail");
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/cgi-bin/config");
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var goodHash = await stack.HashAsync("configs/rl/app.conf");
        var before = await stack.FactsAsync("rl");

        stack.ReplaceAtomically("configs/rl/app.conf", "version = 2\n");
        var plan = await stack.RunAsync("plan", "--output", "json");
        Assert.True(plan.ExitCode == 2, plan.Describe());
        var item = Assert.Single(plan.Json().GetProperty("services").EnumerateArray());
        Assert.Equal("blocked", item.GetProperty("action").GetString());
        Assert.Equal("stale_mount", item.GetProperty("escalation").GetString());

        var events = stack.Dir.File("events.jsonl");
        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 1, apply.Describe());
        var e = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("failed", e.GetProperty("result").GetString());
        Assert.Equal("stale_mount", e.GetProperty("reason").GetString());
        Assert.Contains("on_stale_mount: fail", e.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await stack.FactsAsync("rl"));
        Assert.Equal("version = 1\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);
        var status = await stack.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 2, status.Describe());
        Assert.Equal(goodHash, Assert.Single(status.Json().GetProperty("services").EnumerateArray()).GetProperty("appliedHash").GetString());
    }
}
