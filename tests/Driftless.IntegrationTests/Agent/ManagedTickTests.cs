using Driftless.Core.Events;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary>
/// The redeploy-loop incident (harmony, docs/design.md), killed: its 30 s loop compared specs it could not read back and recreated healthy
/// containers on every tick. Here a managed service with env and a volume lives through 1,000 tick passes
/// (a 10 ms tick, so the passes run back to back) with zero recreates.
/// </summary>
[Collection(AgentLoopCollection.Name)]
public sealed class ManagedTickTests
{
    [Fact]
    public async Task Managed_Service_Under_1000_Ticks_Is_Never_Recreated()
    {
        await using var h = new AgentHarness { Events = new LoopRecorder { Deadline = TimeSpan.FromMinutes(5) } };
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
            top: "wait: {min: 50ms, max: 2s}\ntick: 10ms\n");
        try
        {
            await h.StartAsync();
            var first = await h.WaitForEventAsync("gw", e => e.Result is EventResult.Applied or EventResult.Escalated);
            var id = first.NewContainerId;
            Assert.NotNull(id);
            var eventsAfterFirstApply = (await h.HistoryAsync("gw")).Count;
            var mark = h.Events.Count;

            await h.Events.NthAsync<Driftless.Agent.Loop.PassCompletion>(1000, mark);

            var ticks = h.Events.Passes(mark).Take(1000).ToList();
            Assert.All(ticks, pass => Assert.Equal(["gw"], pass.Services));
            Assert.All(ticks, pass => Assert.Null(pass.Error));

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
