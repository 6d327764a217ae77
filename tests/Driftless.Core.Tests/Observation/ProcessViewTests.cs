using System.Text;
using Driftless.Core.Events;
using Driftless.Core.Hashing;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Observation;

/// <summary>
/// What the observer reports a process sees, file by file, through real mounts on the fake engine: the pinned
/// flag (bug.0017), nested mounts, files the host has and the container does not, and the reverse.
/// </summary>
public sealed class ProcessViewTests : IAsyncLifetime
{
    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task SingleFileMount_WrittenInPlace_StaysUnpinned_AndShowsTheNewBytes()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("web"));
        _stack.Host.Write("configs/web/a.conf", "two");

        var seen = Assert.Single((await _stack.PlanItemAsync(registry, "web")).View!.Files);

        Assert.Equal(("configs/web/a.conf", "/etc/web/a.conf", Digest("two"), false), (seen.RelativePath, seen.ContainerPath, seen.Digest, seen.PinnedInode));
    }

    [Fact]
    public async Task SingleFileMount_ReplacedByRename_IsPinned_AndShowsTheOldBytes()
    {
        // bug.0017: the host sees the new inode, the process keeps the one the container started with.
        var registry = await _stack.AdoptedAsync(_stack.FileService("web"));
        _stack.Host.Replace("configs/web/a.conf", "two");

        var item = await _stack.PlanItemAsync(registry, "web");

        var seen = Assert.Single(item.View!.Files);
        Assert.Equal((Digest("one"), true), (seen.Digest, seen.PinnedInode));
        Assert.Equal(Digest("two"), Assert.Single(item.Desired.Files).Digest);
    }

    [Fact]
    public async Task SingleFileMount_ReplacedWithIdenticalBytes_IsPinnedYetInSync()
    {
        // Pinned says which inode, not which content: the verdict follows what the process reads.
        var registry = await _stack.AdoptedAsync(_stack.FileService("web"));
        _stack.Host.Replace("configs/web/a.conf", "one");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.True(Assert.Single(item.View!.Files).PinnedInode);
        Assert.Equal((Verdict.InSync, PlanAction.Noop), (item.Verdict, item.Action));
    }

    [Fact]
    public async Task SingleFileMount_IsUnpinnedAgain_AfterARestart()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("web"));
        _stack.Host.Replace("configs/web/a.conf", "two");

        await _stack.ApplyAsync(registry);

        var seen = Assert.Single((await _stack.PlanItemAsync(registry, "web")).View!.Files);
        Assert.Equal((Digest("two"), false), (seen.Digest, seen.PinnedInode));
    }

    [Fact]
    public async Task DirectoryMount_IsNeverPinned_AndShowsRenamedAndNewFiles()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));
        _stack.Host.Replace("configs/web/a.conf", "two");
        _stack.Host.Write("configs/web/conf.d/b.conf", "new");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal(
            [("configs/web/a.conf", "/etc/web/a.conf", Digest("two"), false), ("configs/web/conf.d/b.conf", "/etc/web/conf.d/b.conf", Digest("new"), false)],
            item.View!.Files.Select(f => (f.RelativePath, f.ContainerPath, f.Digest, f.PinnedInode)));
        Assert.Equal(item.Desired.Value, item.View.Hash);
    }

    [Fact]
    public async Task NestedMounts_TheLongestCoveringMountWins()
    {
        // configs/ is mounted whole, and configs/web/a.conf once more on its own: the input is observed through
        // the single-file mount, the more specific one, whose pinned inode the other mount would hide.
        var web = _stack.FileService("web");
        _stack.Runtime.Run(
            "web",
            FakeRuntime.Bind(_stack.Host.PathOf("configs"), "/etc/all"),
            FakeRuntime.Bind(_stack.Host.PathOf("configs/web/a.conf"), "/etc/web/a.conf"));
        var registry = _stack.Registry(web);
        await _stack.AdoptAsync(registry);
        _stack.Host.Replace("configs/web/a.conf", "two");

        var seen = Assert.Single((await _stack.PlanItemAsync(registry, "web")).View!.Files);

        Assert.Equal(("/etc/web/a.conf", Digest("one"), true), (seen.ContainerPath, seen.Digest, seen.PinnedInode));
    }

    [Fact]
    public async Task NestedDirectoryMounts_TheLongestCoveringMountWins()
    {
        var web = _stack.Service("web");
        _stack.Runtime.Run(
            "web",
            FakeRuntime.Bind(_stack.Host.PathOf("configs"), "/etc/all"),
            FakeRuntime.Bind(_stack.Host.PathOf("configs/web"), "/etc/web"));

        var item = await _stack.PlanItemAsync(_stack.Registry(web), "web");

        Assert.Equal(["/etc/web/a.conf"], item.View!.Files.Select(f => f.ContainerPath));
        Assert.Equal(Verdict.Unrecorded, item.Verdict);
    }

    [Fact]
    public async Task Mounts_AreMatchedWithSymlinksResolved()
    {
        // A mount whose source is a symlink to the input directory (a release link, a ConfigMap's ..data).
        var web = _stack.Service("web");
        Directory.CreateSymbolicLink(_stack.Host.PathOf("current"), _stack.Host.PathOf("configs/web"));
        _stack.Runtime.Run("web", FakeRuntime.Bind(_stack.Host.PathOf("current"), "/etc/web"));

        var item = await _stack.PlanItemAsync(_stack.Registry(web), "web");

        Assert.Equal((Verdict.Unrecorded, "/etc/web/a.conf"), (item.Verdict, Assert.Single(item.View!.Files).ContainerPath));
    }

    [Fact]
    public async Task AFileShadowedByAnotherMount_IsNotReportedAsAPinnedInode()
    {
        // Another host file is mounted over the input's path: the process reads other bytes, but no inode is
        // pinned, so a restart cannot help and the plan must not say it would (bug.0017's escalation reason).
        var web = _stack.Service("web", ApplyMode.Signal) with { Signal = "SIGHUP" };
        var local = _stack.Host.Write("local/a.conf", "local override");
        _stack.Runtime.Run("web", [.. FakeStack.Mounts(web), FakeRuntime.Bind(local, "/etc/web/a.conf")]);

        var item = await _stack.PlanItemAsync(_stack.Registry(web), "web");

        var seen = Assert.Single(item.View!.Files);
        Assert.Equal(Digest("local override"), seen.Digest);
        Assert.False(seen.PinnedInode);
        Assert.NotEqual("stale_mount", item.Escalation);
    }

    [Fact]
    public async Task AFileOnTheHostHiddenInTheContainer_IsUnseen_AndAbsentOnVerification()
    {
        // An empty directory mounted over configs/web/sub/ hides the host's sub/b.conf from the process.
        var web = _stack.Service("web");
        _stack.Host.Write("configs/web/sub/b.conf", "two");
        Directory.CreateDirectory(_stack.Host.PathOf("empty"));
        _stack.Runtime.Run(
            "web",
            FakeRuntime.Bind(_stack.Host.PathOf("configs/web"), "/etc/web"),
            FakeRuntime.Bind(_stack.Host.PathOf("empty"), "/etc/web/sub"));
        var registry = _stack.Registry(web);

        var item = await _stack.PlanItemAsync(registry, "web");
        var report = await _stack.ApplyAsync(registry);

        Assert.Equal(
            [("configs/web/a.conf", Digest("one")), ("configs/web/sub/b.conf", null)],
            item.View!.Files.Select(f => (f.RelativePath, f.Digest)));
        Assert.Equal("/etc/web/sub/b.conf", item.View.Files[1].ContainerPath);
        Assert.Equal((Verdict.Pending, PlanAction.Apply), (item.Verdict, item.Action));
        Assert.Equal(("configs/web/sub/b.conf", "added"), (Assert.Single(item.Changes).Path, item.Changes[0].Kind));
        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.EndsWith(": configs/web/sub/b.conf absent in container", e.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileOnlyInTheContainer_IsSeen_AndReportedOnlyInContainerOnVerification()
    {
        var web = _stack.Service("web");
        var extra = _stack.Host.Write("secrets/extra.conf", "x");
        _stack.Runtime.Run("web", [.. FakeStack.Mounts(web), FakeRuntime.Bind(extra, "/etc/web/extra.conf")]);
        var registry = _stack.Registry(web);

        var item = await _stack.PlanItemAsync(registry, "web");
        var report = await _stack.ApplyAsync(registry);

        var seen = item.View!.Files.Single(f => f.RelativePath == "configs/web/extra.conf");
        Assert.Equal(("/etc/web/extra.conf", Digest("x"), false), (seen.ContainerPath, seen.Digest, seen.PinnedInode));
        Assert.Equal(("configs/web/extra.conf", "removed"), (Assert.Single(item.Changes).Path, item.Changes[0].Kind));
        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.EndsWith(": configs/web/extra.conf only in container", e.Error, StringComparison.Ordinal);
        Assert.Null(await _stack.AppliedAsync("web"));
    }

    [Fact]
    public async Task AStoppedContainer_IsNotAskedWhatItSees()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));
        _stack.Runtime.Kill("web");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Null(item.View);
        Assert.Equal(Verdict.NotRunning, item.Verdict);
    }

    [Fact]
    public async Task TheObservedView_HashesLikeTheHost_SoAdoptionRecordsTheDesiredHash()
    {
        var web = _stack.Service("web") with
        {
            Inputs =
            [
                new InputSpec("configs/web/", _stack.Host.PathOf("configs/web"), InputKind.Directory),
                new InputSpec("shared/tls.conf", _stack.Host.Write("shared/tls.conf", "tls"), InputKind.File),
            ],
        };
        _stack.Host.Write("configs/web/z/deep.conf", "deep");
        _stack.Runtime.Run(
            "web",
            FakeRuntime.Bind(_stack.Host.PathOf("configs/web"), "/etc/web"),
            FakeRuntime.Bind(_stack.Host.PathOf("shared"), "/etc/shared"));
        var registry = _stack.Registry(web);

        var item = await _stack.PlanItemAsync(registry, "web");
        await _stack.AdoptAsync(registry);

        Assert.Equal(
            ["configs/web/a.conf", "configs/web/z/deep.conf", "shared/tls.conf"],
            item.View!.Files.Select(f => f.RelativePath));
        Assert.Equal(item.Desired.Value, item.View.Hash);
        Assert.Equal(item.Desired.Value, (await _stack.AppliedAsync("web"))!.Hash);
        Assert.Equal(ObservationMethod.ProcRoot, item.View.Method);
    }

    private static string Digest(string content) => HashFormat.Digest(Encoding.UTF8.GetBytes(content));
}
