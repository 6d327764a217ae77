using System.Text.Json;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary>
/// The real <c>driftless agent</c> process against a stand-in engine (<c>DOCKER_HOST</c> on a unix socket that proxies
/// to the real engine, then goes silent, then proxies again). While the engine does not answer, an edited input shows
/// in <c>/v1/status</c> as verdict <c>unknown</c> with the new desired hash, phase <c>failed</c> naming the endpoint,
/// <c>driftless_drift</c> 1 and <c>lastPassAt</c> standing still — never "in sync". When the engine answers again the
/// edit is applied and everything is back to normal.
/// </summary>
[Collection(AgentLoopCollection.Name)]
public sealed class EngineOutageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Agent_reports_unknown_while_the_engine_is_silent_and_recovers_when_it_answers()
    {
        await using var engine = new EngineStandIn(EngineBehaviour.Proxy);
        using var dir = new TempDir("dlo");
        dir.Write("cfg/app.conf", "v1\n");
        await using var container = await TestContainer.StartAsync(TestNames.Unique(), new Dictionary<string, string> { [dir.File("cfg")] = "/cfg" });
        var registry = dir.Write(
            "driftless.yaml",
            $"version: 1\nproject: {TestNames.Unique("dlo")}\nwait: {{min: 50ms, max: 2s}}\ntick: 3s\nservices:\n{AgentHarness.ExecService("app", container.Name)}");
        await using var agent = AgentProcess.Start(
            registry,
            new Dictionary<string, string?> { ["DOCKER_HOST"] = engine.Endpoint, ["DRIFTLESS_ENGINE_TIMEOUT"] = null },
            ["--engine-timeout", "1s"]);
        await agent.WaitForServiceAsync("app", s => Verdict(s) == "in_sync", Deadline);

        engine.Behaviour = EngineBehaviour.Silent;
        dir.Write("cfg/app.conf", "v2\n");
        var v2 = DesiredHash.OfDirectory(dir.Path, dir.File("cfg")).Value;
        var down = await UntilAsync(agent, s => Verdict(App(s)) == "unknown" && App(s).GetProperty("desiredHash").GetString() == v2, "unknown with the new desired hash");
        var lastRan = down.GetProperty("lastPassAt").GetString();
        var firstError = down.GetProperty("lastPassErrorAt").GetString();

        // A later failed pass (the tick keeps trying) moves lastPassErrorAt, never lastPassAt. Read between passes:
        // while one is in flight its services are pending.
        var later = await UntilAsync(
            agent,
            s => s.GetProperty("lastPassErrorAt").GetString() != firstError && App(s).GetProperty("phase").GetString() != "pending",
            "another failed pass, and none in flight");
        var metricsDown = await MetricsOnceAsync(agent, "driftless_drift{service=\"app\"} 1");

        var app = App(later);
        Assert.Equal("failed", app.GetProperty("phase").GetString());
        Assert.StartsWith($"container engine unreachable at {engine.Endpoint}: no answer within 1s", app.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.StartsWith($"container engine unreachable at {engine.Endpoint}", later.GetProperty("lastPassError").GetString(), StringComparison.Ordinal);
        Assert.Equal(lastRan, later.GetProperty("lastPassAt").GetString());
        Assert.NotEqual(v2, app.GetProperty("appliedHash").GetString());
        Assert.Contains("driftless_drift{service=\"app\"} 1", metricsDown, StringComparison.Ordinal);

        engine.Behaviour = EngineBehaviour.Proxy;
        var up = await UntilAsync(
            agent,
            s => Verdict(App(s)) == "in_sync" && App(s).GetProperty("appliedHash").GetString() == v2 && App(s).GetProperty("phase").GetString() != "pending",
            "in sync with the edit applied once the engine answers");
        var metricsUp = await MetricsOnceAsync(agent, "driftless_drift{service=\"app\"} 0");

        Assert.Equal("running", App(up).GetProperty("phase").GetString());
        Assert.Equal(JsonValueKind.Null, App(up).GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, up.GetProperty("lastPassError").ValueKind);
        Assert.NotEqual(lastRan, up.GetProperty("lastPassAt").GetString());
        Assert.Contains("driftless_drift{service=\"app\"} 0", metricsUp, StringComparison.Ordinal);
        Assert.Equal("v2\n", await container.CatAsync("/cfg/app.conf"));
    }

    private static JsonElement App(JsonElement status) => status.GetProperty("services")[0];

    private static string? Verdict(JsonElement service) => service.GetProperty("verdict").GetString();

    /// <summary>
    /// /metrics once it holds <paramref name="line"/>, or as last read after 10 s: the metrics listener hears of a pass
    /// just after /v1/status shows it, so a read right after the status may still hold the previous pass's values.
    /// </summary>
    private static async Task<string> MetricsOnceAsync(AgentProcess agent, string line)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var text = await agent.GetTextAsync("/metrics");
        while (!text.Contains(line, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            text = await agent.GetTextAsync("/metrics");
        }

        return text;
    }

    private static async Task<JsonElement> UntilAsync(AgentProcess agent, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var status = await agent.GetJsonAsync("/v1/status");
                last = status;
                if (condition(status))
                {
                    return status;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"timed out waiting for {what}; last status {last}\n--- agent output\n{agent.Output}");
    }
}
