using Driftless.Core.Events;
using Driftless.Core.Hashing;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Planning;

public sealed class PlannerTests
{
    private static readonly ServiceSpec Web = Samples.Service("web");
    private static readonly ContentHash Old = Samples.Hash(("configs/web/a.conf", "one"));
    private static readonly ContentHash New = Samples.Hash(("configs/web/a.conf", "two"));

    [Fact]
    public void Plan_IsNoop_WhenAppliedDesiredAndSeenAgree()
    {
        var item = Planner.PlanService(Web, New, Record(New), Running(), View(New));

        Assert.Equal(PlanAction.Noop, item.Action);
        Assert.Equal(Verdict.InSync, item.Verdict);
        Assert.Empty(item.Changes);
    }

    [Fact]
    public void Plan_Adopts_WhenNothingRecordedAndProcessSeesDesired()
    {
        var item = Planner.PlanService(Web, New, applied: null, Running(), View(New));

        Assert.Equal(PlanAction.Adopt, item.Action);
        Assert.Equal(Verdict.Unrecorded, item.Verdict);
    }

    [Fact]
    public void Plan_Applies_WhenNothingRecordedAndProcessSeesOtherContent()
    {
        var item = Planner.PlanService(Web, New, applied: null, Running(), View(Old));

        Assert.Equal(PlanAction.Apply, item.Action);
        Assert.Equal(Verdict.Pending, item.Verdict);
        Assert.Equal("configs/web/a.conf", Assert.Single(item.Changes).Path);
    }

    [Fact] // DIFF_IMPLIES_APPLY
    public void ChangedHash_IsApplied_EvenWhenTheProcessAlreadySeesTheNewFile()
    {
        // A directory mount shows the new file at once, but a process that reads config at start has
        // not loaded it: a changed hash must be applied by its mode.
        var item = Planner.PlanService(Web, New, Record(Old), Running(), View(New));

        Assert.Equal(PlanAction.Apply, item.Action);
        Assert.Equal(Verdict.Pending, item.Verdict);
        var change = Assert.Single(item.Changes);
        Assert.Equal(("modified", Old.Files[0].Digest, New.Files[0].Digest), (change.Kind, change.OldDigest, change.NewDigest));
    }

    [Fact]
    public void Plan_ReportsStaleMountDrift_WhenRecordedHashMatchesButProcessSeesPinnedInode()
    {
        var item = Planner.PlanService(Web, New, Record(New), Running(), View(Old, pinned: true));

        Assert.Equal(PlanAction.Apply, item.Action);
        Assert.Equal(Verdict.Drifted, item.Verdict);
        Assert.Contains("stale mount", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ReportsContentDrift_WhenFileEditedInsideContainer()
    {
        var item = Planner.PlanService(Web, New, Record(New), Running(), View(Old));

        Assert.Equal(Verdict.Drifted, item.Verdict);
        Assert.Contains("content differs in container", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_IsBlocked_WhenAnInputIsNotMounted()
    {
        var view = new ProcessView([], ["configs/web/"], ObservationMethod.ProcRoot);

        var item = Planner.PlanService(Web, New, Record(New), Running(), view);

        Assert.Equal(PlanAction.Blocked, item.Action);
        Assert.Equal(Verdict.NotMounted, item.Verdict);
        Assert.Null(view.Hash);
    }

    [Theory]
    [InlineData(ApplyMode.Recreate, null, PlanAction.Apply)]
    [InlineData(ApplyMode.Recreate, "explicit-name", PlanAction.Blocked)]
    [InlineData(ApplyMode.Restart, null, PlanAction.Blocked)]
    [InlineData(ApplyMode.None, null, PlanAction.Blocked)]
    public void Plan_MissingContainer_OnlyComposeRecreateCanCreateIt(ApplyMode mode, string? container, PlanAction expected)
    {
        var item = Planner.PlanService(Samples.Service("web", mode, container), New, Record(New), container: null, view: null);

        Assert.Equal(Verdict.ContainerMissing, item.Verdict);
        Assert.Equal(expected, item.Action);
    }

    [Theory]
    [InlineData(ApplyMode.Recreate, PlanAction.Apply)]
    [InlineData(ApplyMode.Restart, PlanAction.Blocked)]
    public void Plan_MissingContainer_InPlaceModeIsCreatedOnlyByARecreateFallback(ApplyMode fallback, PlanAction expected)
    {
        var service = Samples.Service("web", ApplyMode.ReloadHttp) with { Fallback = fallback };

        var item = Planner.PlanService(service, New, Record(New), container: null, view: null);

        Assert.Equal((Verdict.ContainerMissing, expected), (item.Verdict, item.Action));
        if (expected == PlanAction.Apply)
        {
            Assert.Equal((ApplyMode.Recreate, "container_missing"), (item.ModeToRun, item.Escalation));
        }
    }

    [Fact]
    public void Plan_IsFailed_WhenTheLastEventFailedAndTheServiceIsNotInSync()
    {
        var failed = new ApplyEvent(DateTimeOffset.UnixEpoch, "web", Old.Value, New.Value, [], "restart", EventResult.Failed, 0, "c1", null, "engine answered 500");

        var pending = Planner.PlanService(Web, New, Record(Old), Running(), View(New), lastEvent: failed);
        var inSync = Planner.PlanService(Web, New, Record(New), Running(), View(New), lastEvent: failed);

        Assert.Equal((Verdict.Failed, PlanAction.Apply, ServicePhase.Failed), (pending.Verdict, pending.Action, pending.Phase));
        Assert.Equal((Verdict.InSync, PlanAction.Noop, ServicePhase.Failed), (inSync.Verdict, inSync.Action, inSync.Phase));
    }

    [Theory]
    [InlineData(ApplyMode.Restart, PlanAction.Apply)]
    [InlineData(ApplyMode.Recreate, PlanAction.Apply)]
    [InlineData(ApplyMode.None, PlanAction.Blocked)]
    public void Plan_StoppedContainer_IsStartedByRestartOrRecreate(ApplyMode mode, PlanAction expected)
    {
        var stopped = Running() with { Running = false, Status = "exited", Pid = 0 };

        var item = Planner.PlanService(Samples.Service("web", mode), New, Record(New), stopped, view: null);

        Assert.Equal(Verdict.NotRunning, item.Verdict);
        Assert.Equal(expected, item.Action);
    }

    [Fact]
    public void Plan_NamesAddedAndRemovedFiles()
    {
        var before = Samples.Hash(("configs/web/a.conf", "x"), ("configs/web/gone.conf", "y"));
        var after = Samples.Hash(("configs/web/a.conf", "x"), ("configs/web/new.conf", "z"));

        var item = Planner.PlanService(Web, after, Record(before), Running(), View(after));

        Assert.Equal(
            [("configs/web/gone.conf", "removed"), ("configs/web/new.conf", "added")],
            item.Changes.Select(c => (c.Path, c.Kind)).ToArray());
    }

    private static AppliedRecord Record(ContentHash hash) => new(
        "web",
        hash.Value,
        hash.Files.Select(f => new RecordedDigest(f.RelativePath, f.Digest)).ToList(),
        "c1",
        "restart",
        DateTimeOffset.UnixEpoch);

    private static RuntimeContainer Running() =>
        new("c1", "demo-web-1", true, "running", DateTimeOffset.UnixEpoch, 0, 42, 0, null, new Dictionary<string, string>(), []);

    private static ProcessView View(ContentHash seen, bool pinned = false) => new(
        seen.Files.Select(f => new SeenFile(f.RelativePath, "/etc/" + f.RelativePath, f.Digest, pinned)).ToList(),
        [],
        ObservationMethod.ProcRoot);
}
