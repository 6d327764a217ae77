using System.Globalization;
using Driftless.Core.Events;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Managed;

/// <summary>Managed services through the real pipeline and the real engine (registry built in code).</summary>
public sealed class ManagedPipelineTests
{
    [Fact]
    public async Task FirstApply_CreatesAndRecords_SecondPassIsNoop()
    {
        await using var fixture = new ManagedFixture();
        using var pipeline = new ManagedPipeline(fixture);
        var spec = fixture.Spec();
        var registry = pipeline.Registry(ManagedPipeline.Service("web", spec));

        var (plan, first) = await pipeline.PassAsync(registry);

        Assert.Equal(Verdict.ContainerMissing, Assert.Single(plan.Items).Verdict);
        Assert.True(first.Succeeded);
        var applied = Assert.Single(first.Outcomes).Event;
        Assert.Equal(EventResult.Applied, applied.Result);
        var container = Assert.Single(await fixture.LabelledAsync());
        Assert.True(container.Running);
        Assert.Equal(container.Id, applied.NewContainerId);
        var record = (await pipeline.AppliedAsync())["web"];
        Assert.Equal(container.Id, record.ContainerId);
        Assert.Equal(ManagedSpecs.Hash(spec), record.SpecHash);
        Assert.Equal([EventResult.Applied], (await pipeline.HistoryAsync("web")).Select(e => e.Result));

        var (again, second) = await pipeline.PassAsync(registry);

        Assert.Equal(PlanAction.Noop, Assert.Single(again.Items).Action);
        Assert.Equal(EventResult.Noop, Assert.Single(second.Outcomes).Event.Result);
        Assert.Equal([container.Id], (await fixture.LabelledAsync()).Select(c => c.Id));
        Assert.Equal(record.ContainerId, (await pipeline.AppliedAsync())["web"].ContainerId);
        Assert.Equal(["started v1"], fixture.Log());
    }

    [Theory]
    [InlineData("env")]
    [InlineData("image")]
    public async Task SpecChange_StopsTheOldContainerGracefullyByIdBeforeStartingTheNew(string change)
    {
        await using var fixture = new ManagedFixture();
        using var pipeline = new ManagedPipeline(fixture);
        var taggedImage = $"driftless-test/busybox:{fixture.Project}";
        await Cmd.RunCheckedAsync(["docker", "tag", TestNames.Image, taggedImage]);
        try
        {
            await pipeline.PassAsync(pipeline.Registry(ManagedPipeline.Service("web", fixture.Spec("v1"))));
            var old = Assert.Single(await fixture.LabelledAsync()).Id;
            await fixture.WaitStartedAsync("v1");
            var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds();
            var changed = change == "env"
                ? fixture.Spec("v2")
                : fixture.Spec("v1") with { Image = taggedImage };

            var (plan, report) = await pipeline.PassAsync(pipeline.Registry(ManagedPipeline.Service("web", changed)));

            Assert.Equal(Verdict.Pending, Assert.Single(plan.Items).Verdict);
            var applied = Assert.Single(report.Outcomes).Event;
            Assert.Equal(EventResult.Applied, applied.Result);
            Assert.Equal(old, applied.ContainerId);
            var current = Assert.Single(await fixture.LabelledAsync());
            Assert.True(current.Running);
            Assert.NotEqual(old, current.Id);
            Assert.Equal(current.Id, applied.NewContainerId);
            Assert.False(await ManagedFixture.ExistsAsync(old));
            var record = (await pipeline.AppliedAsync())["web"];
            Assert.Equal((current.Id, ManagedSpecs.Hash(changed)), (record.ContainerId, record.SpecHash));

            // The old process got its stop signal and exited before the new one started.
            var newTag = change == "env" ? "v2" : "v1";
            Assert.Equal(["started v1", "TERM v1", "started " + newTag], fixture.Log());
            var events = await EngineEventsAsync(fixture, since);
            var oldDied = Assert.Single(events, e => e.Action == "die" && e.Id == old).Nanos;
            var newStarted = Assert.Single(events, e => e.Action == "start" && e.Id == current.Id).Nanos;
            Assert.True(oldDied < newStarted, $"old died at {oldDied}, new started at {newStarted}");
            Assert.DoesNotContain(events, e => e.Action == "kill" && e.Id == old && e.Signal == "9");
        }
        finally
        {
            await Cmd.RunAsync(["docker", "rm", "-f", .. (await fixture.LabelledAsync()).Select(c => c.Id)]);
            await Cmd.RunAsync(["docker", "rmi", taggedImage]);
        }
    }

    [Fact]
    public async Task StartFailure_IsFailed_OldNotBroughtBack_StateNotAdvanced_FixedSpecConverges()
    {
        await using var fixture = new ManagedFixture();
        using var pipeline = new ManagedPipeline(fixture);
        var good = fixture.Spec("v1");
        await pipeline.PassAsync(pipeline.Registry(ManagedPipeline.Service("web", good)));
        var recorded = (await pipeline.AppliedAsync())["web"];
        await fixture.WaitStartedAsync("v1");
        var bad = good with { Command = ["/no/such/binary"] };

        var (_, failed) = await pipeline.PassAsync(pipeline.Registry(ManagedPipeline.Service("web", bad)));

        var failure = Assert.Single(failed.Outcomes).Event;
        Assert.Equal(EventResult.Failed, failure.Result);
        Assert.Contains("/no/such/binary", failure.Error, StringComparison.Ordinal);
        Assert.False(failed.Succeeded);
        Assert.Empty(await fixture.LabelledAsync());
        Assert.Equal(["started v1", "TERM v1"], fixture.Log());
        var after = (await pipeline.AppliedAsync())["web"];
        Assert.Equal((recorded.ContainerId, recorded.SpecHash), (after.ContainerId, after.SpecHash));

        // Roll forward only: the same bad spec fails again (nothing to revert to), and leaves nothing behind.
        var (retryPlan, retried) = await pipeline.PassAsync(pipeline.Registry(ManagedPipeline.Service("web", bad)));
        Assert.Equal(Verdict.Failed, Assert.Single(retryPlan.Items).Verdict);
        Assert.Equal(EventResult.Failed, Assert.Single(retried.Outcomes).Event.Result);
        Assert.Empty(await fixture.LabelledAsync());

        var fixedSpec = fixture.Spec("v3");
        var (_, recovered) = await pipeline.PassAsync(pipeline.Registry(ManagedPipeline.Service("web", fixedSpec)));

        Assert.Equal(EventResult.Applied, Assert.Single(recovered.Outcomes).Event.Result);
        var container = Assert.Single(await fixture.LabelledAsync());
        Assert.True(container.Running);
        var record = (await pipeline.AppliedAsync())["web"];
        Assert.Equal((container.Id, ManagedSpecs.Hash(fixedSpec)), (record.ContainerId, record.SpecHash));
        Assert.Equal(
            [EventResult.Applied, EventResult.Failed, EventResult.Failed, EventResult.Applied],
            (await pipeline.HistoryAsync("web")).Select(e => e.Result));
    }

    [Fact]
    public async Task DroppedService_IsStoppedAndRemoved_ForeignContainerWithSimilarNameUntouched()
    {
        await using var fixture = new ManagedFixture();
        using var pipeline = new ManagedPipeline(fixture);
        var api = ManagedPipeline.Service("api", fixture.Spec("api"));
        await pipeline.PassAsync(pipeline.Registry(ManagedPipeline.Service("web", fixture.Spec("web")), api));
        var containers = await fixture.LabelledAsync();
        var web = Assert.Single(containers, c => c.Service == "web").Id;
        var apiId = Assert.Single(containers, c => c.Service == "api").Id;
        await fixture.WaitStartedAsync("web");
        await using var foreign = await TestContainer.StartAsync($"{fixture.Project}-web-x");

        var (plan, report) = await pipeline.PassAsync(pipeline.Registry(api));

        var orphan = Assert.Single(plan.Orphans);
        Assert.Equal(("web", web, true), (orphan.Service, orphan.Container.Id, orphan.Dropped));
        var removed = Assert.Single(report.Removals);
        Assert.Equal((EventResult.Removed, "web", web), (removed.Result, removed.Service, removed.ContainerId));
        Assert.False(await ManagedFixture.ExistsAsync(web));
        Assert.Contains("TERM web", fixture.Signals());
        Assert.False((await pipeline.AppliedAsync()).ContainsKey("web"));
        Assert.Equal(EventResult.Removed, (await pipeline.HistoryAsync("web"))[0].Result);
        Assert.Equal([apiId], (await fixture.LabelledAsync()).Select(c => c.Id));
        Assert.Equal(EventResult.Noop, Assert.Single(report.Outcomes).Event.Result);
        var foreignState = (await ManagedFixture.InspectAsync(foreign.Id))!.Value.GetProperty("State");
        Assert.True(foreignState.GetProperty("Running").GetBoolean());
    }

    [Fact]
    public async Task StateDeleted_ExistingContainerIsAdopted_NotRecreated()
    {
        await using var fixture = new ManagedFixture();
        using var pipeline = new ManagedPipeline(fixture);
        var registry = pipeline.Registry(ManagedPipeline.Service("web", fixture.Spec()));
        await pipeline.PassAsync(registry);
        var id = Assert.Single(await fixture.LabelledAsync()).Id;
        Directory.Delete(pipeline.StateDirectory, recursive: true);

        var (plan, report) = await pipeline.PassAsync(registry);

        Assert.Equal(PlanAction.Adopt, Assert.Single(plan.Items).Action);
        Assert.Equal(EventResult.Adopted, Assert.Single(report.Outcomes).Event.Result);
        Assert.Equal([id], (await fixture.LabelledAsync()).Select(c => c.Id));
        Assert.Equal(id, (await pipeline.AppliedAsync())["web"].ContainerId);
        Assert.Equal(EventResult.Noop, Assert.Single((await pipeline.PassAsync(registry)).Report.Outcomes).Event.Result);
        Assert.Equal(["started v1"], fixture.Log());
    }

    [Fact]
    public async Task DuplicateLeftByAnInterruptedApply_IsRemovedAsOrphan_OneRemains()
    {
        await using var fixture = new ManagedFixture();
        using var pipeline = new ManagedPipeline(fixture);
        var spec = fixture.Spec();
        var registry = pipeline.Registry(ManagedPipeline.Service("web", spec));
        await pipeline.PassAsync(registry);
        var owner = Assert.Single(await fixture.LabelledAsync()).Id;
        var duplicate = (await Cmd.RunCheckedAsync([
            "docker", "run", "-d", "--name", $"{fixture.Project}-web-dup",
            "--label", $"{ManagedSpecs.ManagedLabel}={ManagedSpecs.LabelValue(fixture.Project, "web")}",
            "--label", $"{ManagedSpecs.SpecLabel}={ManagedSpecs.Hash(spec)}",
            "-v", $"{fixture.Dir.Path}:{ManagedFixture.RecordPath}",
            TestNames.Image, .. ManagedFixture.RecordingCommand("dup", "TERM")])).Trim();
        await fixture.WaitStartedAsync("dup");

        var (plan, report) = await pipeline.PassAsync(registry);

        var orphan = Assert.Single(plan.Orphans);
        Assert.Equal((duplicate, false), (orphan.Container.Id, orphan.Dropped));
        var removed = Assert.Single(report.Removals);
        Assert.Equal((EventResult.Removed, "duplicate"), (removed.Result, removed.Reason));
        Assert.Equal([owner], (await fixture.LabelledAsync()).Select(c => c.Id));
        Assert.Contains("TERM dup", fixture.Signals());
        Assert.Equal(EventResult.Noop, Assert.Single(report.Outcomes).Event.Result);
        Assert.Equal(owner, (await pipeline.AppliedAsync())["web"].ContainerId);
    }

    [Fact]
    public async Task InterruptedReplace_NewContainerNotRecorded_IsAdoptedAndTheStaleOneRemoved()
    {
        // A replace that started the new container but crashed before recording it: the recorded
        // container is gone; a stopped leftover of an older spec and the running new one remain.
        await using var fixture = new ManagedFixture();
        using var pipeline = new ManagedPipeline(fixture);
        var v1 = fixture.Spec("v1");
        await pipeline.PassAsync(pipeline.Registry(ManagedPipeline.Service("web", v1)));
        var first = Assert.Single(await fixture.LabelledAsync()).Id;
        await fixture.WaitStartedAsync("v1");
        await Cmd.RunCheckedAsync(["docker", "stop", first]);
        var v2 = fixture.Spec("v2");
        var started = (await Cmd.RunCheckedAsync([
            "docker", "run", "-d", "--name", $"{fixture.Project}-web-new",
            "--label", $"{ManagedSpecs.ManagedLabel}={ManagedSpecs.LabelValue(fixture.Project, "web")}",
            "--label", $"{ManagedSpecs.SpecLabel}={ManagedSpecs.Hash(v2)}",
            "-v", $"{fixture.Dir.Path}:{ManagedFixture.RecordPath}",
            TestNames.Image, .. v2.Command])).Trim();
        await Cmd.RunCheckedAsync(["docker", "rm", first]);
        var stale = (await Cmd.RunCheckedAsync([
            "docker", "create", "--name", $"{fixture.Project}-web-old",
            "--label", $"{ManagedSpecs.ManagedLabel}={ManagedSpecs.LabelValue(fixture.Project, "web")}",
            "--label", $"{ManagedSpecs.SpecLabel}={ManagedSpecs.Hash(v1)}",
            TestNames.Image, "true"])).Trim();

        var (plan, report) = await pipeline.PassAsync(pipeline.Registry(ManagedPipeline.Service("web", v2)));

        Assert.Equal(stale, Assert.Single(plan.Orphans).Container.Id);
        Assert.Equal(EventResult.Adopted, Assert.Single(report.Outcomes).Event.Result);
        Assert.Equal([started], (await fixture.LabelledAsync()).Select(c => c.Id));
        Assert.Equal(started, (await pipeline.AppliedAsync())["web"].ContainerId);
    }

    private static async Task<IReadOnlyList<(string Action, string Id, long Nanos, string? Signal)>> EngineEventsAsync(ManagedFixture fixture, long since)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds();
        var output = await Cmd.RunCheckedAsync([
            "docker", "events",
            "--since", since.ToString(CultureInfo.InvariantCulture),
            "--until", until.ToString(CultureInfo.InvariantCulture),
            "--filter", "type=container",
            "--filter", $"label={ManagedSpecs.ManagedLabel}={ManagedSpecs.LabelValue(fixture.Project, "web")}",
            "--format", "{{.Action}}\t{{.Actor.ID}}\t{{.TimeNano}}\t{{index .Actor.Attributes \"signal\"}}"]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(f => (f[0], f[1], long.Parse(f[2], CultureInfo.InvariantCulture), f.Length > 3 && f[3].Length > 0 ? f[3] : null))
            .ToList();
    }
}
