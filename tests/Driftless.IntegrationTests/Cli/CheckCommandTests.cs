using System.Globalization;
using System.Text.Json;
using Driftless.Cli;
using Driftless.IntegrationTests.Runtime;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>
/// <c>driftless check</c> against the real engine: Caddy's and nginx's own validators in their images, a host check,
/// a service without a check — run against the files on disk, touching no container and recording nothing.
/// </summary>
public sealed class CheckCommandTests
{
    private const string NginxSite = "server { listen 8080; location / { return 200 \"v1\\n\"; } }\n";

    [Fact]
    public async Task Check_RunsEveryCheckAgainstTheFilesOnDisk_Exit0ThenExit1WithTheValidatorsOwnError_TouchingAndRecordingNothing()
    {
        await using var stack = new Stack();
        stack.Write("configs/caddy/Caddyfile", CaddySite.Caddyfile("v1"));
        stack.Write("configs/nginx/site.conf", NginxSite);
        stack.Write("configs/tool.conf", "mode = good\n");
        stack.Write("configs/api.conf", "x\n");
        stack.Service("edge").FromImage(TestNames.CaddyImage).DirectoryMount("configs/caddy", "/etc/caddy").Key("check", CaddySite.Check);
        stack.Service("web").FromImage(TestNames.NginxImage).DirectoryMount("configs/nginx", "/etc/nginx/conf.d").Key("check", "{exec: [nginx, -t]}");
        stack.Service("api").FileMount("configs/api.conf", "/etc/api.conf");
        stack.Service("tool").FileMount("configs/tool.conf", "/etc/tool.conf")
            .Key("check", "{where: host, exec: [grep, -q, \"mode = good\", \"{input}\"]}");
        await stack.UpAsync();
        var before = await FactsAsync(stack, "edge", "web", "api", "tool");

        var passed = await stack.RunAsync("check");

        Assert.True(passed.ExitCode == 0, passed.Describe());
        var lines = passed.Stdout.Split('\n');
        Assert.StartsWith("edge  passed  ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("web   passed  ", lines[1], StringComparison.Ordinal);
        Assert.Equal("api   no check", lines[2].TrimEnd());
        Assert.StartsWith("tool  passed  ", lines[3], StringComparison.Ordinal);
        Assert.Equal("3 passed, 0 failed, 1 without a check.", lines[4].TrimEnd());

        stack.ReplaceAtomically("configs/caddy/Caddyfile", CaddySite.Invalid);
        stack.Write("configs/tool.conf", "mode = bad\n");
        var failed = await stack.RunAsync("check", "--output", "json");

        Assert.True(failed.ExitCode == 1, failed.Describe());
        var json = failed.Json();
        Assert.False(json.GetProperty("succeeded").GetBoolean());
        Assert.Equal(stack.RegistryPath, json.GetProperty("registry").GetString());
        var services = json.GetProperty("services").EnumerateArray().ToList();
        Assert.Equal(
            [("edge", "container", "failed"), ("web", "container", "passed"), ("api", "none", "skipped"), ("tool", "host", "failed")],
            services.Select(s => (s.GetProperty("name").GetString(), s.GetProperty("check").GetString(), s.GetProperty("result").GetString())));
        Assert.Equal("check `caddy` exited 1", services[0].GetProperty("error").GetString());
        Assert.Contains(
            services[0].GetProperty("output").EnumerateArray(),
            line => line.GetString()!.Contains("/etc/caddy/Caddyfile:2: unrecognized directive: bogus_directive", StringComparison.Ordinal));
        Assert.True(services[0].GetProperty("durationMs").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, services[1].GetProperty("error").ValueKind);
        Assert.Equal((0, 0L), (services[2].GetProperty("output").GetArrayLength(), services[2].GetProperty("durationMs").GetInt64()));
        Assert.Equal("check `grep` exited 1", services[3].GetProperty("error").GetString());
        var summary = json.GetProperty("summary");
        Assert.Equal((1, 2, 1), (summary.GetProperty("passed").GetInt32(), summary.GetProperty("failed").GetInt32(), summary.GetProperty("skipped").GetInt32()));

        var text = await stack.RunAsync("check");

        Assert.True(text.ExitCode == 1, text.Describe());
        Assert.Contains("edge  failed  check `caddy` exited 1 (", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n    ", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("unrecognized directive: bogus_directive", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 passed, 2 failed, 1 without a check.", text.Stdout, StringComparison.Ordinal);

        // Nothing was touched or recorded: the same containers, started at the same moments; no state, no history.
        Assert.Equal(before, await FactsAsync(stack, "edge", "web", "api", "tool"));
        Assert.False(File.Exists(Path.Combine(stack.StateDirectory, "state.db")), "check created state.db");
        var history = await stack.RunAsync("history", "--output", "json");
        Assert.Equal(0, history.Json().GetProperty("events").GetArrayLength());
        Assert.Empty(await CheckRuns.ContainersAsync(stack.Project));
    }

    [Fact]
    public async Task Selection_ChecksOnlyTheNamedServices_ANamedServiceWithoutACheckIsExit0AndSaidSo_AnUnknownNameIsPlansError()
    {
        await using var stack = new Stack();
        stack.Write("configs/nginx/site.conf", "bogus_directive;\n");
        stack.Write("configs/api.conf", "x\n");
        stack.Service("web").FromImage(TestNames.NginxImage).DirectoryMount("configs/nginx", "/etc/nginx/conf.d").Key("check", "{exec: [nginx, -t]}");
        stack.Service("api").FileMount("configs/api.conf", "/etc/api.conf");
        await stack.UpAsync();

        var web = await stack.RunAsync("check", "-s", "web");
        var api = await stack.RunAsync("check", "-s", "api", "--output", "json");
        var apiText = await stack.RunAsync("check", "-s", "api");
        var unknown = await stack.RunAsync("check", "-s", "nope");
        var plan = await stack.RunAsync("plan", "-s", "nope");

        Assert.True(web.ExitCode == 1, web.Describe());
        Assert.Contains("unknown directive \"bogus_directive\" in /etc/nginx/conf.d/site.conf:1", web.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("api", web.Stdout, StringComparison.Ordinal);
        Assert.True(api.ExitCode == 0, api.Describe());
        var only = Assert.Single(api.Json().GetProperty("services").EnumerateArray());
        Assert.Equal(("api", "none", "skipped"), (only.GetProperty("name").GetString(), only.GetProperty("check").GetString(), only.GetProperty("result").GetString()));
        Assert.True(apiText.ExitCode == 0, apiText.Describe());
        Assert.Contains("No check ran: no selected service has a check:.", apiText.Stdout, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Usage, plan.ExitCode, plan.Stderr), (unknown.ExitCode, ExitCodes.Usage, unknown.Stderr));
    }

    [Fact]
    public async Task ComposeServiceWithoutAContainer_HasNothingToCheckWith_AndFails()
    {
        await using var stack = new Stack();
        stack.Write("configs/caddy/Caddyfile", CaddySite.Caddyfile("v1"));
        stack.Service("edge").FromImage(TestNames.CaddyImage).DirectoryMount("configs/caddy", "/etc/caddy").Key("check", CaddySite.Check);
        stack.WriteFiles();
        stack.Write(".driftless/state.db", "not a database"); // check reads no state, so a damaged state.db does not stop it

        var result = await stack.RunAsync("check", "--output", "json");
        var plan = await stack.RunAsync("plan");

        Assert.True(plan.ExitCode == 74, plan.Describe());
        Assert.True(result.ExitCode == 1, result.Describe());
        var edge = Assert.Single(result.Json().GetProperty("services").EnumerateArray());
        Assert.Equal(
            ("failed", "cannot check: no container of the service is running (compose creates it at the next apply)"),
            (edge.GetProperty("result").GetString(), edge.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Interrupted_StopsTheRunningCheck_RemovesItsContainer_AndExits130()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "x\n");
        stack.Service("app").FileMount("configs/app.conf", "/etc/app.conf").Key("check", "{exec: [sleep, \"120\"], timeout: 5m}");
        await stack.UpAsync();
        using var interrupt = new CancellationTokenSource();
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);

        var run = CliApp.RunAsync(["check", "-f", stack.RegistryPath], new CliConsole(stdout, stderr, IsTty: false), interrupt.Token);
        // A hang bound, not a timing assertion: the check container appears once the check has started.
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while ((await CheckRuns.ContainersAsync(stack.Project)).Count == 0)
        {
            Assert.False(run.IsCompleted, $"check ended before it was interrupted\n{stdout}\n{stderr}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), hang.Token);
        }

        await interrupt.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exit == ExitCodes.Interrupted, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Empty(await CheckRuns.ContainersAsync(stack.Project));
    }

    private static async Task<List<ContainerFacts>> FactsAsync(Stack stack, params string[] services)
    {
        var facts = new List<ContainerFacts>();
        foreach (var service in services)
        {
            facts.Add(await stack.FactsAsync(service));
        }

        return facts;
    }
}
