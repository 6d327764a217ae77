using System.Text.Json;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary>
/// The agent as a process, stopped in the middle of a graceful replace: killed (SIGKILL) it must converge on
/// restart without duplicates and with the interrupted attempt in history; terminated (SIGTERM) it must
/// finish the in-flight apply first and exit 0. The old container ignores SIGTERM, so its stop takes the
/// whole stop_grace — the window in which the agent is stopped.
/// </summary>
public sealed class AgentCrashTests : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly TempDir _dir = new("dlt-agent");
    private readonly string _project = TestNames.Unique();

    private string Registry => _dir.File("driftless.yaml");

    public Task InitializeAsync()
    {
        _dir.Write("configs/gw/app.conf", "version = 1\n");
        WriteRegistry(version: "1");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var id in await ManagedContainersAsync())
        {
            await Cmd.RunAsync(["docker", "rm", "-f", id]);
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task KilledMidReplace_RestartConverges_WithoutDuplicates_AndHistoryShowsTheInterruptedAttempt()
    {
        string firstId;
        await using (var agent = AgentProcess.Start(Registry))
        {
            firstId = Id(await agent.WaitForServiceAsync("gw", Running, Converge));
            WriteRegistry(version: "2");
            await agent.WaitForServiceAsync("gw", s => s.GetProperty("phase").GetString() == "pending", Converge);
            await agent.WaitForLatestEventAsync("gw", "started", Converge);
            await Task.Delay(TimeSpan.FromSeconds(1)); // inside the old container's 8 s stop
            agent.Kill();
        }

        await using (var restarted = AgentProcess.Start(Registry))
        {
            var converged = await restarted.WaitForServiceAsync("gw", s => Running(s) && Id(s) != firstId, Converge);
            var ids = await ManagedContainersAsync();
            Assert.Equal([Id(converged)], ids);
            Assert.Contains("VERSION=2", await EnvAsync(ids[0]));

            var history = (await restarted.GetJsonAsync("/v1/history?service=gw&limit=20")).GetProperty("events").EnumerateArray()
                .Select(e => e.GetProperty("result").GetString()).ToList();
            Assert.Contains("started", history); // the attempt the kill interrupted
            Assert.Contains(history[0], new[] { "applied", "escalated" });
        }
    }

    [Fact]
    public async Task TerminatedMidReplace_FinishesTheApply_ThenExitsZero()
    {
        await using var agent = AgentProcess.Start(Registry);
        var firstId = Id(await agent.WaitForServiceAsync("gw", Running, Converge));
        WriteRegistry(version: "2");
        await agent.WaitForServiceAsync("gw", s => s.GetProperty("phase").GetString() == "pending", Converge);
        await agent.WaitForLatestEventAsync("gw", "started", Converge); // the replace is under way, not merely due

        var exit = await agent.TerminateAsync(Converge);

        Assert.True(exit == 0, agent.Output);
        var ids = await ManagedContainersAsync();
        var id = Assert.Single(ids);
        Assert.NotEqual(firstId, id);
        Assert.Contains("VERSION=2", await EnvAsync(id));
        Assert.Equal("running", (await Cmd.RunAsync(["docker", "inspect", "-f", "{{.State.Status}}", id])).Stdout.Trim());
    }

    private static bool Running(JsonElement service) =>
        service.GetProperty("phase").GetString() == "running" && service.GetProperty("containerId").ValueKind == JsonValueKind.String;

    private static string Id(JsonElement service) => service.GetProperty("containerId").GetString()!;

    private void WriteRegistry(string version) => _dir.Write("driftless.yaml", $$"""
        version: 1
        project: {{_project}}
        tick: 1s
        wait: {min: 50ms, max: 1s}
        services:
          gw:
            managed:
              image: {{TestNames.Image}}
              command: [sh, -c, "trap '' TERM; while true; do sleep 1; done"]
              env: {VERSION: "{{version}}"}
              volumes: ["./configs/gw:/etc/gw:ro"]
              stop_grace: 8s
            inputs: [configs/gw/]
            apply: restart
            verify: {settle: 0s}
        """);

    private async Task<List<string>> ManagedContainersAsync()
    {
        var ps = await Cmd.RunAsync(["docker", "ps", "-aq", "--no-trunc", "--filter", $"label=io.driftless.managed={_project}/gw"]);
        return ps.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static async Task<string> EnvAsync(string id) =>
        (await Cmd.RunAsync(["docker", "inspect", "-f", "{{json .Config.Env}}", id])).Stdout;
}
