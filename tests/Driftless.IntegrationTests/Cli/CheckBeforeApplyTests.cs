using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>
/// <c>check:</c> through <c>driftless apply</c> against the real engine, with Caddy's own validator in
/// driftless-test/caddy: an invalid Caddyfile is refused before the live container is touched; a fixed one applies.
/// </summary>
public sealed class CheckBeforeApplyTests
{
    [Fact]
    public async Task InvalidCaddyfile_IsRejectedByTheCheck_LiveContainerUntouched_ThenAFixedFileApplies()
    {
        await using var stack = new Stack();
        var port = CaddySite.Add(stack);
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/");
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var before = await stack.FactsAsync("edge");

        stack.ReplaceAtomically("configs/caddy/Caddyfile", CaddySite.Invalid);
        var planned = await stack.RunAsync("plan", "--output", "json");
        Assert.True(Assert.Single(planned.Json().GetProperty("services").EnumerateArray()).GetProperty("check").GetBoolean(), planned.Describe());

        var rejected = await stack.RunAsync("apply", "--output", "json");

        Assert.True(rejected.ExitCode == 1, rejected.Describe());
        var e = Assert.Single(rejected.Json().GetProperty("events").EnumerateArray());
        Assert.Equal(("rejected", "check_failed"), (e.GetProperty("result").GetString(), e.GetProperty("reason").GetString()));
        Assert.Equal("check `caddy` exited 1", e.GetProperty("error").GetString());
        Assert.Contains("/etc/caddy/Caddyfile:2: unrecognized directive: bogus_directive", e.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await stack.FactsAsync("edge"));
        Assert.Equal((200, "v1"), await Http.GetAsync(port, "/"));
        var text = await stack.RunAsync("apply");
        Assert.True(text.ExitCode == 1, text.Describe());
        Assert.Contains("edge: check output:", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("unrecognized directive: bogus_directive", text.Stdout, StringComparison.Ordinal);
        var history = await stack.RunAsync("history", "--output", "json");
        Assert.Equal("rejected", history.Json().GetProperty("events").EnumerateArray().First().GetProperty("result").GetString());
        var pending = await stack.RunAsync("plan");
        Assert.True(pending.ExitCode == 2, pending.Describe());
        Assert.Contains("check, restart", pending.Stdout, StringComparison.Ordinal);
        Assert.Empty(await CheckContainersAsync(stack.Project));

        stack.ReplaceAtomically("configs/caddy/Caddyfile", CaddySite.Caddyfile("v2"));
        var applied = await stack.RunAsync("apply");

        Assert.True(applied.ExitCode == 0, applied.Describe());
        Assert.NotEqual(before.StartedAt, (await stack.FactsAsync("edge")).StartedAt);
        await Http.WaitUntilServingAsync(port, "/");
        Assert.Equal((200, "v2"), await Http.GetAsync(port, "/"));
        Assert.Empty(await CheckContainersAsync(stack.Project));
    }

    [Fact]
    public async Task NginxTest_RejectsABadSiteBeforeTheSignal_AndAGoodOneReloads()
    {
        await using var stack = new Stack();
        var port = FreePort.Next();
        stack.Write("configs/nginx/site.conf", "server { listen 8080; location / { return 200 \"v1\\n\"; } }\n");
        stack.Service("web").FromImage(TestNames.NginxImage).Publish(port, 8080)
            .DirectoryMount("configs/nginx", "/etc/nginx/conf.d").Mode("signal").Signal("SIGHUP")
            .Key("check", "{exec: [nginx, -t]}");
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/");
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var before = await stack.FactsAsync("web");

        stack.ReplaceAtomically("configs/nginx/site.conf", "bogus_directive;\n");
        var rejected = await stack.RunAsync("apply", "--output", "json");

        Assert.True(rejected.ExitCode == 1, rejected.Describe());
        var e = Assert.Single(rejected.Json().GetProperty("events").EnumerateArray());
        Assert.Equal("rejected", e.GetProperty("result").GetString());
        Assert.Contains("unknown directive \"bogus_directive\" in /etc/nginx/conf.d/site.conf:1", e.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Equal((200, "v1\n"), await Http.GetAsync(port, "/"));

        stack.ReplaceAtomically("configs/nginx/site.conf", "server { listen 8080; location / { return 200 \"v2\\n\"; } }\n");
        var applied = await stack.RunAsync("apply");

        Assert.True(applied.ExitCode == 0, applied.Describe());
        Assert.Equal(before, await stack.FactsAsync("web"));
        // SIGHUP is asynchronous: nginx's master starts new workers and lets the old ones finish, so the new site answers a moment later.
        Assert.Equal("v2\n", await Http.WaitForBodyAsync(port, "/", "v2\n", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task HostCheck_GetsTheInputsHostPath_AndItsExitDecides()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "mode = good\n");
        stack.Service("app").FileMount("configs/app.conf", "/etc/app/app.conf").Mode("restart")
            .Key("check", "{where: host, exec: [grep, -q, \"mode = good\", \"{input}\"]}");
        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var before = await stack.FactsAsync("app");

        stack.Write("configs/app.conf", "mode = bad\n");
        var rejected = await stack.RunAsync("apply", "--output", "json");

        Assert.True(rejected.ExitCode == 1, rejected.Describe());
        var e = Assert.Single(rejected.Json().GetProperty("events").EnumerateArray());
        Assert.Equal(("rejected", "check `grep` exited 1"), (e.GetProperty("result").GetString(), e.GetProperty("error").GetString()));
        Assert.Equal(before, await stack.FactsAsync("app"));

        stack.Write("configs/app.conf", "mode = good\nmore = yes\n");
        var applied = await stack.RunAsync("apply");

        Assert.True(applied.ExitCode == 0, applied.Describe());
        Assert.NotEqual(before.StartedAt, (await stack.FactsAsync("app")).StartedAt);
    }

    [Fact]
    public async Task ComposeServiceCheck_RunsWithTheLiveContainersEnvironment()
    {
        await using var stack = new Stack();
        stack.Write("configs/app/expect", "hello");
        stack.Service("app").Env("GREETING", "hello").DirectoryMount("configs/app", "/etc/app").Mode("restart")
            .Key("check", "{exec: [sh, -c, 'test \"$GREETING\" = \"$(cat /etc/app/expect)\"']}");
        await stack.UpAsync();
        Assert.Equal(0, (await stack.RunAsync("apply")).ExitCode);
        var before = await stack.FactsAsync("app");

        stack.Write("configs/app/expect", "other");
        var rejected = await stack.RunAsync("apply");
        Assert.True(rejected.ExitCode == 1, rejected.Describe());
        Assert.Equal(before, await stack.FactsAsync("app"));

        stack.Write("configs/app/expect", "hello\n"); // other bytes than the recorded file, the same word for the check
        var applied = await stack.RunAsync("apply");
        Assert.True(applied.ExitCode == 0, applied.Describe()); // the check saw GREETING=hello from the live container
        Assert.NotEqual(before.StartedAt, (await stack.FactsAsync("app")).StartedAt);
    }

    private static async Task<string> CheckContainersAsync(string project) =>
        (await Cmd.RunAsync(["docker", "ps", "-aq", "--filter", $"label=io.driftless.check.project={project}"])).Stdout.Trim();
}
