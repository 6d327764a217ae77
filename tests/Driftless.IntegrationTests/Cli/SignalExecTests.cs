using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary><c>apply: signal</c> (nginx, SIGHUP) and <c>apply: exec</c> (argv inside the container): in place, no restart.</summary>
public sealed class SignalExecTests
{
    [Fact]
    public async Task Signal_Nginx_SIGHUP_ServesNewContent_WithoutRestart()
    {
        await using var stack = new Stack();
        var port = FreePort.Next();
        stack.Write("conf.d/site.conf", Site("v1"));
        stack.Service("ng").FromImage(TestNames.NginxImage).Publish(port, 8080)
            .DirectoryMount("conf.d", "/etc/nginx/conf.d")
            .Mode("signal").Signal("SIGHUP");
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/");
        Assert.Equal((200, "v1\n"), await Http.GetAsync(port, "/"));
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var before = await stack.FactsAsync("ng");

        stack.ReplaceAtomically("conf.d/site.conf", Site("v2"));
        Assert.Equal("v1\n", (await Http.GetAsync(port, "/")).Body);
        var events = stack.Dir.File("events.jsonl");

        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 0, apply.Describe());
        var e = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("applied", e.GetProperty("result").GetString());
        Assert.Equal("signal", e.GetProperty("mode").GetString());
        ReloadHttpTests.AssertModeUsedIsConfigured(e);
        // nginx reloads asynchronously after SIGHUP (new workers): a short poll, not a sleep.
        Assert.Equal("v2\n", await Http.WaitForBodyAsync(port, "/", "v2\n"));
        Assert.Equal(before, await stack.FactsAsync("ng"));
        Assert.Equal(0, (await stack.RunAsync("status")).ExitCode);
    }

    [Fact]
    public async Task Exec_Success_Applies()
    {
        await using var stack = new Stack();
        var port = FreePort.Next();
        stack.Write("configs/ex/app.conf", "version = 1\n");
        stack.Service("ex").FromImage(TestNames.ReloaderImage).Publish(port, 8080)
            .DirectoryMount("configs/ex", "/etc/app")
            .Mode("exec").ExecApply("wget", "-q", "-O-", "--post-data=", "http://127.0.0.1:8080/cgi-bin/reload");
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/cgi-bin/config");
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var before = await stack.FactsAsync("ex");

        stack.ReplaceAtomically("configs/ex/app.conf", "version = 2\n");
        var events = stack.Dir.File("events.jsonl");

        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 0, apply.Describe());
        var e = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("applied", e.GetProperty("result").GetString());
        Assert.Equal("exec", e.GetProperty("mode").GetString());
        ReloadHttpTests.AssertModeUsedIsConfigured(e);
        Assert.Equal(await stack.HashAsync("configs/ex/"), e.GetProperty("newHash").GetString());
        Assert.Equal("version = 2\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);
        Assert.Equal(before, await stack.FactsAsync("ex"));
        Assert.Equal(0, (await stack.RunAsync("status")).ExitCode);
    }

    [Fact]
    public async Task Exec_NonZeroExit_Fails_WithOutputInEvent_StateNotAdvanced()
    {
        await using var stack = new Stack();
        var port = FreePort.Next();
        stack.Write("configs/ex/app.conf", "version = 1\n");
        stack.Service("ex").FromImage(TestNames.ReloaderImage).Publish(port, 8080)
            .DirectoryMount("configs/ex", "/etc/app")
            .Mode("exec").ExecApply(
                "sh", "-c", "wget -q -O- --post-data= http://127.0.0.1:8080/cgi-bin/reload || { echo reload-refused-by-service; exit 7; }");
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/cgi-bin/config");
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var goodHash = await stack.HashAsync("configs/ex/");
        var before = await stack.FactsAsync("ex");

        stack.ReplaceAtomically("configs/ex/app.conf", "version = 2\nINVALID\n");
        var events = stack.Dir.File("events.jsonl");

        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 1, apply.Describe());
        var e = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("failed", e.GetProperty("result").GetString());
        Assert.Equal("exec", e.GetProperty("mode").GetString());
        Assert.Equal(goodHash, e.GetProperty("oldHash").GetString());
        Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("error").GetString()), e.ToString());
        Assert.Contains("reload-refused-by-service", e.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Contains("7", e.GetProperty("output").GetString() + e.GetProperty("error").GetString(), StringComparison.Ordinal);

        // history carries the output too; nothing restarted; the service keeps its old config; state did not advance.
        var history = await stack.RunAsync("history", "--output", "json");
        Assert.True(history.ExitCode == 0, history.Describe());
        Assert.Equal(e.GetProperty("output").GetString(), history.Json().GetProperty("events").EnumerateArray().First().GetProperty("output").GetString());
        Assert.Equal(before, await stack.FactsAsync("ex"));
        Assert.Equal("version = 1\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);
        var status = await stack.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 2, status.Describe());
        Assert.Equal(goodHash, Assert.Single(status.Json().GetProperty("services").EnumerateArray()).GetProperty("appliedHash").GetString());
        Assert.Equal(2, (await stack.RunAsync("plan")).ExitCode);
    }

    private static string Site(string body) => $"server {{ listen 8080; location / {{ return 200 \"{body}\\n\"; }} }}\n";
}
