using Driftless.Agent.Tests.Support;
using Driftless.Core.Events;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Agent.Tests.Loop;

/// <summary>
/// harmony's failure, killed: its 30 s loop compared specs it could not read back and recreated healthy
/// containers on every tick. Here a managed service with env and a volume lives through 1,000 ticks driven
/// by a fake clock (no sleeping) with zero recreates.
/// </summary>
public sealed class HarmonyTests
{
    [Fact]
    public async Task Managed_Service_Under_1000_Ticks_Is_Never_Recreated()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = new AgentHarness();
        h.Dir.Write("cfg/app.conf", "v1\n");
        h.WriteRegistry(
            "  gw:\n"
            + "    managed:\n"
            + $"      image: {TestNames.Image}\n"
            + "      command: [sh, -c, \"trap 'exit 0' TERM; sleep 3600 & wait $!\"]\n"
            + "      env: {LOG_LEVEL: info, TAG: harmony}\n"
            + "      volumes: [\"./cfg:/cfg:ro\"]\n"
            + "      stop_grace: 2s\n"
            + "    inputs: [cfg/]\n"
            + "    apply: restart\n"
            + "    verify: {settle: 0s}\n",
            top: "wait: {min: 50ms, max: 2s}\ntick: 30s\n");
        try
        {
            await h.StartAsync(time: time);
            var first = await h.WaitForEventAsync("gw", e => e.Result is EventResult.Applied or EventResult.Escalated);
            var id = first.NewContainerId;
            Assert.NotNull(id);
            var eventsAfterFirstApply = (await h.HistoryAsync("gw")).Count;

            for (var tick = 0; tick < 1000; tick++)
            {
                var passes = h.Loop.PassCount;
                time.Advance(TimeSpan.FromSeconds(30));
                await h.Loop.WaitForPassCountAsync(passes + 1, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            }

            var labelled = await LabelledAsync(h.Project);
            Assert.Equal(id, Assert.Single(labelled));
            Assert.Equal(eventsAfterFirstApply, (await h.HistoryAsync("gw")).Count);
            Assert.Equal("true", (await Cmd.RunCheckedAsync(["docker", "inspect", "-f", "{{.State.Running}}", id])).Trim());
            Assert.Equal("0", (await Cmd.RunCheckedAsync(["docker", "inspect", "-f", "{{.RestartCount}}", id])).Trim());
        }
        finally
        {
            await h.StopAsync();
            foreach (var leftover in await LabelledAsync(h.Project))
            {
                await Cmd.RunAsync(["docker", "rm", "-f", "-v", leftover]);
            }
        }
    }

    private static async Task<IReadOnlyList<string>> LabelledAsync(string project)
    {
        var listed = await Cmd.RunCheckedAsync(["docker", "ps", "-a", "--no-trunc", "--filter", $"label={ManagedSpecs.ManagedLabel}={ManagedSpecs.LabelValue(project, "gw")}", "--format", "{{.ID}}"]);
        return listed.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
