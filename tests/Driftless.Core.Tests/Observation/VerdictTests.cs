using Driftless.Core.Events;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Observation;

/// <summary>
/// Every verdict reached through the real observation rules: <c>plan</c> on the fake engine, whose containers see
/// real host files through their bind mounts. Nothing here constructs a view: the situations are mounts and file
/// operations (an in-place write, an rsync-style rename, a write from inside the container).
/// </summary>
public sealed class VerdictTests : IAsyncLifetime
{
    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Plan_IsInSync_WhenTheProcessSeesWhatWasRecorded()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.InSync, PlanAction.Noop, "in sync"), (item.Verdict, item.Action, item.Reason));
        Assert.Equal(item.Desired.Value, item.View!.Hash);
        Assert.Empty(item.Changes);
    }

    [Fact]
    public async Task Plan_IsUnrecorded_OnAFirstRunWhoseProcessAlreadySeesTheInputs()
    {
        var web = _stack.Service("web");
        _stack.Run(web);

        var item = await _stack.PlanItemAsync(_stack.Registry(web), "web");

        Assert.Equal((Verdict.Unrecorded, PlanAction.Adopt), (item.Verdict, item.Action));
        Assert.Null(item.Applied);
        Assert.Empty(item.Changes);
    }

    [Fact]
    public async Task Plan_IsPending_WhenInputsChangedSinceTheLastApply()
    {
        // DIFF_IMPLIES_APPLY: the directory mount already shows the new file, the process has not loaded it.
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));
        var recorded = (await _stack.AppliedAsync("web"))!.Files.Single().Digest;
        _stack.Host.Write("configs/web/a.conf", "two");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.Pending, PlanAction.Apply, "inputs changed since last apply: restart"), (item.Verdict, item.Action, item.Reason));
        Assert.Equal(item.Desired.Value, item.View!.Hash);
        var change = Assert.Single(item.Changes);
        Assert.Equal(("configs/web/a.conf", "modified", recorded), (change.Path, change.Kind, change.OldDigest));
    }

    [Fact]
    public async Task Plan_IsPending_OnAFirstRunWhoseProcessSeesOtherContent()
    {
        var web = _stack.FileService("web");
        _stack.Run(web);
        _stack.Host.Replace("configs/web/a.conf", "two");

        var item = await _stack.PlanItemAsync(_stack.Registry(web), "web");

        Assert.Equal((Verdict.Pending, PlanAction.Apply), (item.Verdict, item.Action));
        Assert.Equal("configs/web/a.conf", Assert.Single(item.Changes).Path);
    }

    [Fact]
    public async Task Plan_IsDrifted_WhenAPinnedMountHoldsOtherContentThanTheRecordedInputs()
    {
        // NO_RSYNC_ONLY_SUCCESS: the record says "one" and the host holds "one", but the container was restarted
        // by hand while the host briefly held "two", and an rsync then put "one" back as a new inode.
        var registry = await _stack.AdoptedAsync(_stack.FileService("web"));
        _stack.Host.Replace("configs/web/a.conf", "two");
        await _stack.Runtime.RestartAsync(_stack.Runtime.Containers["web"].Id, TimeSpan.FromSeconds(10), default);
        _stack.Host.Replace("configs/web/a.conf", "one");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.Drifted, PlanAction.Apply), (item.Verdict, item.Action));
        Assert.Equal("drift: stale mount (single-file mount pinned to an old inode): restart", item.Reason);
        Assert.Equal((await _stack.AppliedAsync("web"))!.Hash, item.Desired.Value);
        Assert.True(Assert.Single(item.View!.Files).PinnedInode);

        var report = await _stack.ApplyAsync(registry);
        Assert.Equal((EventResult.Applied, Verdict.InSync), (report.Outcomes[0].Event.Result, report.Outcomes[0].Verdict));
        Assert.Equal(Verdict.InSync, (await _stack.PlanItemAsync(registry, "web")).Verdict);
    }

    [Fact]
    public async Task Plan_IsDrifted_WhenEditedInsideTheContainerOnAnInodeOnlyItCanReach()
    {
        // An rsync of identical bytes left the single-file mount on the old inode; a write from inside the
        // container then lands there, where the host never sees it.
        var registry = await _stack.AdoptedAsync(_stack.FileService("web"));
        _stack.Host.Replace("configs/web/a.conf", "one");
        _stack.Runtime.WriteInContainer("web", "/etc/web/a.conf", "edited inside");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.Drifted, PlanAction.Apply), (item.Verdict, item.Action));
        Assert.Equal("one", File.ReadAllText(_stack.Host.PathOf("configs/web/a.conf")));
        Assert.Equal((await _stack.AppliedAsync("web"))!.Hash, item.Desired.Value);
    }

    [Fact]
    public async Task Plan_IsPendingNotDrifted_WhenEditedInsideTheContainerThroughALiveMount()
    {
        // Through a directory mount a write inside the container is a write to the host file: the inputs changed.
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));
        _stack.Runtime.WriteInContainer("web", "/etc/web/a.conf", "edited inside");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.Pending, PlanAction.Apply), (item.Verdict, item.Action));
        Assert.Equal("edited inside", File.ReadAllText(_stack.Host.PathOf("configs/web/a.conf")));
        Assert.Equal(item.Desired.Value, item.View!.Hash);
    }

    [Fact]
    public async Task Plan_IsDrifted_WhenTheProcessSeesAFileTheHostDoesNotHave()
    {
        var web = _stack.Service("web");
        var registry = await _stack.AdoptedAsync(web);
        // Recreated by hand with one more file mounted into its config directory.
        _stack.Runtime.Run("web", [.. FakeStack.Mounts(web), FakeRuntime.Bind(_stack.Host.Write("secrets/extra.conf", "x"), "/etc/web/extra.conf")]);

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.Drifted, PlanAction.Apply), (item.Verdict, item.Action));
        Assert.Equal("drift: content differs in container: restart", item.Reason);
        Assert.False(item.View!.AnyPinned);
    }

    [Theory]
    [InlineData(ApplyMode.Restart, PlanAction.Blocked)]
    [InlineData(ApplyMode.Recreate, PlanAction.Apply)]
    public async Task Plan_IsContainerMissing_WhenTheContainerWasRemoved(ApplyMode mode, PlanAction action)
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web", mode));
        _stack.Runtime.Remove("web");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.ContainerMissing, action), (item.Verdict, item.Action));
        Assert.Null(item.View);
    }

    [Theory]
    [InlineData(ApplyMode.Restart, PlanAction.Apply)]
    [InlineData(ApplyMode.None, PlanAction.Blocked)]
    public async Task Plan_IsNotRunning_WhenTheProcessExited(ApplyMode mode, PlanAction action)
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web", mode));
        _stack.Runtime.Kill("web");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.NotRunning, action), (item.Verdict, item.Action));
        Assert.StartsWith("container exited", item.Reason, StringComparison.Ordinal);
        Assert.Null(item.View);
    }

    [Fact]
    public async Task Plan_IsNotMounted_WhenNoMountCoversAnInput_AndApplyTouchesNothing()
    {
        var web = _stack.Service("web");
        var other = _stack.Host.Write("elsewhere/a.conf", "one");
        var container = _stack.Runtime.Run("web", FakeRuntime.Bind(Path.GetDirectoryName(other)!, "/etc/web"));
        var registry = _stack.Registry(web);

        var item = await _stack.PlanItemAsync(registry, "web");
        var report = await _stack.ApplyAsync(registry);

        Assert.Equal((Verdict.NotMounted, PlanAction.Blocked), (item.Verdict, item.Action));
        Assert.Equal($"not mounted into container {container.Name}: configs/web/ (cannot verify what the process sees)", item.Reason);
        Assert.Null(item.View!.Hash);
        Assert.Equal(EventResult.Failed, Assert.Single(report.Outcomes).Event.Result);
        Assert.Empty(_stack.Runtime.Calls);
        Assert.Null(await _stack.AppliedAsync("web"));
    }

    [Fact]
    public async Task Plan_IsNotMounted_NamingOnlyTheInputNoMountCovers()
    {
        var web = _stack.Service("web") with
        {
            Inputs =
            [
                new InputSpec("configs/web/", _stack.Host.PathOf("configs/web"), InputKind.Directory),
                new InputSpec("shared/tls.conf", _stack.Host.Write("shared/tls.conf", "tls"), InputKind.File),
            ],
        };
        _stack.Runtime.Run("web", FakeRuntime.Bind(_stack.Host.PathOf("configs/web"), "/etc/web"));

        var item = await _stack.PlanItemAsync(_stack.Registry(web), "web");

        Assert.Equal(Verdict.NotMounted, item.Verdict);
        Assert.Equal(["shared/tls.conf"], item.View!.UncoveredInputs);
    }

    [Fact]
    public async Task Plan_IsNotMounted_WhenADirectoryServedFileByFileMissesAFile()
    {
        var web = _stack.Service("web");
        _stack.Host.Write("configs/web/b.conf", "two");
        _stack.Runtime.Run("web", FakeRuntime.Bind(_stack.Host.PathOf("configs/web/a.conf"), "/etc/web/a.conf"));

        var item = await _stack.PlanItemAsync(_stack.Registry(web), "web");

        Assert.Equal((Verdict.NotMounted, PlanAction.Blocked), (item.Verdict, item.Action));
    }

    [Fact]
    public async Task Plan_ObservesADirectoryServedFileByFile_WhenEveryFileIsMounted()
    {
        var web = _stack.Service("web");
        _stack.Host.Write("configs/web/b.conf", "two");
        _stack.Runtime.Run(
            "web",
            FakeRuntime.Bind(_stack.Host.PathOf("configs/web/a.conf"), "/etc/web/a.conf"),
            FakeRuntime.Bind(_stack.Host.PathOf("configs/web/b.conf"), "/etc/web/b.conf"));
        var registry = _stack.Registry(web);

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.Unrecorded, PlanAction.Adopt), (item.Verdict, item.Action));
        Assert.Equal(["/etc/web/a.conf", "/etc/web/b.conf"], item.View!.Files.Select(f => f.ContainerPath));

        // Each file is a single-file mount: replacing one pins it, and only it.
        await _stack.ApplyAsync(registry);
        _stack.Host.Replace("configs/web/b.conf", "three");
        var pinned = await _stack.PlanItemAsync(registry, "web");
        Assert.Equal([false, true], pinned.View!.Files.Select(f => f.PinnedInode));
    }

    [Fact]
    public async Task Plan_IsFailed_WhenTheLastApplyFailedAndTheServiceIsNotInSync()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.Runtime.RefuseRestart.Add("web");
        await _stack.ApplyAsync(registry);

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.Failed, PlanAction.Apply, ServicePhase.Failed), (item.Verdict, item.Action, item.Phase));
        Assert.Contains("engine answered 500", item.LastEvent!.Error, StringComparison.Ordinal);

        _stack.Runtime.RefuseRestart.Clear();
        await _stack.ApplyAsync(registry);
        var recovered = await _stack.PlanItemAsync(registry, "web");
        Assert.Equal((Verdict.InSync, ServicePhase.Running), (recovered.Verdict, recovered.Phase));
    }

    [Fact]
    public async Task Plan_IsInSyncNotFailed_WhenTheInputsAreBackToWhatTheFailedApplyLeftRunning()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.Runtime.RefuseRestart.Add("web");
        await _stack.ApplyAsync(registry);
        _stack.Host.Write("configs/web/a.conf", "one");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.InSync, PlanAction.Noop), (item.Verdict, item.Action));
        Assert.Equal(ServicePhase.Failed, item.Phase);
    }
}
