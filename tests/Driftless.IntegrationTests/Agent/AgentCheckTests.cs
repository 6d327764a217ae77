using System.Globalization;
using System.Text.RegularExpressions;
using Driftless.IntegrationTests.Cli;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary>
/// <c>check:</c> in a real <c>driftless agent</c> process against the real engine, with Caddy's own validator in
/// driftless-test/caddy: an invalid Caddyfile leaves the service failed with Caddy's error in <c>/v1/status</c>, the live
/// container untouched and serving, the failed check counted in <c>/metrics</c>; a fixed file is then applied.
/// </summary>
[Collection(AgentLoopCollection.Name)]
public sealed partial class AgentCheckTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task InvalidCaddyfile_FailsTheServiceWithCaddysError_LiveContainerKeepsServing_ThenAFixedFileApplies()
    {
        await using var stack = new Stack();
        var port = CaddySite.Add(stack);
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/");
        await using var agent = AgentProcess.Start(stack.RegistryPath);
        var adopted = await agent.WaitForServiceAsync("edge", s => Text(s, "verdict") == "in_sync", Within);
        var before = await stack.FactsAsync("edge");

        stack.ReplaceAtomically("configs/caddy/Caddyfile", CaddySite.Invalid);
        var failed = await agent.WaitForServiceAsync("edge", s => Text(s, "phase") == "failed", Within);

        Assert.Equal(("failed", "check_failed", "check `caddy` exited 1"), (Text(failed, "verdict"), Text(failed, "reason"), Text(failed, "error")));
        Assert.Contains("/etc/caddy/Caddyfile:2: unrecognized directive: bogus_directive", Text(failed, "checkOutput"), StringComparison.Ordinal);
        Assert.Equal(before.Id, Text(failed, "containerId"));
        Assert.Equal(Text(adopted, "appliedHash"), Text(failed, "appliedHash"));
        Assert.NotNull(Text(failed, "retryAt"));
        Assert.Equal(before, await stack.FactsAsync("edge"));
        Assert.True(before.Running);
        Assert.Equal((200, "v1"), await Http.GetAsync(port, "/"));
        var metrics = await agent.GetTextAsync("/metrics");
        Assert.True(Checks(metrics, "failed") >= 1, metrics);
        Assert.Equal(0, Checks(metrics, "passed"));
        var newest = (await agent.GetJsonAsync("/v1/history?service=edge&limit=1")).GetProperty("events")[0];
        Assert.Equal(("rejected", "failed"), (Text(newest, "result"), Text(newest, "check")));

        stack.ReplaceAtomically("configs/caddy/Caddyfile", CaddySite.Caddyfile("v2"));
        var running = await agent.WaitForServiceAsync(
            "edge",
            s => Text(s, "phase") == "running" && Text(s, "verdict") == "in_sync" && Text(s, "appliedHash") != Text(adopted, "appliedHash"),
            Within);

        Assert.Equal((null, null, null, null), (Text(running, "error"), Text(running, "reason"), Text(running, "checkOutput"), Text(running, "retryAt")));
        Assert.NotEqual(before.StartedAt, (await stack.FactsAsync("edge")).StartedAt);
        await Http.WaitUntilServingAsync(port, "/");
        Assert.Equal((200, "v2"), await Http.GetAsync(port, "/"));
        Assert.Equal(1, Checks(await agent.GetTextAsync("/metrics"), "passed"));
        var leftovers = await Cmd.RunAsync(["docker", "ps", "-aq", "--filter", $"label=io.driftless.check.project={stack.Project}"]);
        Assert.Equal(string.Empty, leftovers.Stdout.Trim());
    }

    private static string? Text(System.Text.Json.JsonElement element, string property) => element.GetProperty(property).GetString();

    /// <summary>The value of <c>driftless_checks_total{service="edge",result=…}</c>; 0 when the series is not exported yet.</summary>
    private static int Checks(string metrics, string result)
    {
        var match = CheckSeries().Matches(metrics).FirstOrDefault(m => m.Groups["result"].Value == result);
        return match is null ? 0 : int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^driftless_checks_total\{service="edge",result="(?<result>[a-z_]+)"\} (?<count>\d+)$""", RegexOptions.Multiline)]
    private static partial Regex CheckSeries();
}
