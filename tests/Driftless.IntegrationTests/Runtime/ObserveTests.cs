using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Docker;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Runtime;

public sealed class ObserveTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Observe_FlagsPinnedInode_AfterAtomicRename_OnSingleFileMount()
    {
        using var dir = new TempDir();
        var file = dir.Write("app.conf", "version one\n");
        var name = TestNames.Unique();
        await using var container = await TestContainer.StartAsync(name, new Dictionary<string, string> { [file] = "/etc/app/app.conf" });
        var runtime = Runtimes.Create();
        var inputs = new[] { new InputSpec("app.conf", file, InputKind.File) };

        dir.ReplaceAtomically("app.conf", "version two\n");
        var desired = DesiredHash.Of(dir.Path, [file]);

        // The trap is real: the process still reads the old inode.
        Assert.Equal("version one\n", await container.CatAsync("/etc/app/app.conf"));

        var found = await Runtimes.FindByNameAsync(runtime, name);
        var view = await Runtimes.ObserveAsync(runtime, found, inputs, desired, dir.Path, None);
        var seen = Assert.Single(view.Files);
        Assert.Equal(ObservationMethod.ProcRoot, view.Method);
        Assert.Equal("app.conf", seen.RelativePath);
        Assert.Equal("/etc/app/app.conf", seen.ContainerPath);
        Assert.Equal(DesiredHash.DigestOf("version one\n"), seen.Digest);
        Assert.True(seen.PinnedInode);
        Assert.NotEqual(desired.Value, view.Hash);

        await runtime.RestartAsync(found.Id, TimeSpan.FromSeconds(1), None);
        var restarted = await runtime.InspectAsync(found.Id, None);
        Assert.NotNull(restarted);
        Assert.True(restarted.Running);

        var after = await Runtimes.ObserveAsync(runtime, restarted, inputs, desired, dir.Path, None);
        var seenAfter = Assert.Single(after.Files);
        Assert.Equal(DesiredHash.DigestOf("version two\n"), seenAfter.Digest);
        Assert.False(seenAfter.PinnedInode);
        Assert.Equal(desired.Value, after.Hash);
    }

    [Fact]
    public async Task Observe_DirectoryMount_SeesRenamedFile()
    {
        using var dir = new TempDir();
        dir.Write("conf/a.conf", "a1\n");
        dir.Write("conf/sub/b.conf", "b1\n");
        var name = TestNames.Unique();
        await using var container = await TestContainer.StartAsync(name, new Dictionary<string, string> { [dir.File("conf")] = "/etc/conf" });
        var runtime = Runtimes.Create();

        dir.ReplaceAtomically("conf/a.conf", "a2\n");
        var desired = DesiredHash.OfDirectory(dir.Path, dir.File("conf"));
        var inputs = new[] { new InputSpec("conf/", dir.File("conf"), InputKind.Directory) };

        var view = await Runtimes.ObserveAsync(runtime, await Runtimes.FindByNameAsync(runtime, name), inputs, desired, dir.Path, None);

        Assert.Equal(["conf/a.conf", "conf/sub/b.conf"], view.Files.Select(f => f.RelativePath));
        Assert.Equal(["/etc/conf/a.conf", "/etc/conf/sub/b.conf"], view.Files.Select(f => f.ContainerPath));
        Assert.Equal(DesiredHash.DigestOf("a2\n"), view.Files[0].Digest);
        Assert.False(view.AnyPinned);
        Assert.Empty(view.UncoveredInputs);
        Assert.Equal(desired.Value, view.Hash);
    }

    [Fact]
    public async Task Observe_ReportsUncoveredInput()
    {
        using var dir = new TempDir();
        var mounted = dir.Write("mounted.conf", "m\n");
        var other = dir.Write("other.conf", "o\n");
        var name = TestNames.Unique();
        await using var container = await TestContainer.StartAsync(name, new Dictionary<string, string> { [mounted] = "/etc/mounted.conf" });
        var runtime = Runtimes.Create();
        var inputs = new[]
        {
            new InputSpec("mounted.conf", mounted, InputKind.File),
            new InputSpec("other.conf", other, InputKind.File),
        };

        var view = await Runtimes.ObserveAsync(runtime, 
            await Runtimes.FindByNameAsync(runtime, name), inputs, DesiredHash.Of(dir.Path, [mounted, other]), dir.Path, None);

        Assert.Equal(["other.conf"], view.UncoveredInputs);
        var seen = Assert.Single(view.Files);
        Assert.Equal("mounted.conf", seen.RelativePath);
        Assert.Equal(DesiredHash.DigestOf("m\n"), seen.Digest);
        Assert.Null(view.Hash);
    }

    [Fact]
    public async Task Observe_ExecFallback_MatchesProcRoot()
    {
        using var dir = new TempDir();
        var file = dir.Write("app.conf", "old\n");
        dir.Write("conf/a.conf", "a1\n");
        dir.Write("conf/deep/b.conf", "b1\n");
        var name = TestNames.Unique();
        await using var container = await TestContainer.StartAsync(name, new Dictionary<string, string>
        {
            [file] = "/etc/app.conf",
            [dir.File("conf")] = "/srv/conf",
        });
        dir.ReplaceAtomically("app.conf", "new\n");
        dir.ReplaceAtomically("conf/a.conf", "a2\n");
        var desired = DesiredHash.Of(dir.Path, [file, dir.File("conf/a.conf"), dir.File("conf/deep/b.conf")]);
        var inputs = new[]
        {
            new InputSpec("app.conf", file, InputKind.File),
            new InputSpec("conf", dir.File("conf"), InputKind.Directory),
        };

        var proc = Runtimes.Create(ObservationMode.Proc);
        var exec = Runtimes.Create(ObservationMode.Exec);
        var found = await Runtimes.FindByNameAsync(proc, name);
        var byProc = await Runtimes.ObserveAsync(proc, found, inputs, desired, dir.Path, None);
        var byExec = await Runtimes.ObserveAsync(exec, found, inputs, desired, dir.Path, None);

        Assert.Equal(ObservationMethod.ProcRoot, byProc.Method);
        Assert.Equal(ObservationMethod.Exec, byExec.Method);
        Assert.Equal(byProc.Files, byExec.Files);
        Assert.Equal(byProc.Hash, byExec.Hash);
        var app = Assert.Single(byExec.Files, f => f.RelativePath == "app.conf");
        Assert.True(app.PinnedInode);
        Assert.Equal(DesiredHash.DigestOf("old\n"), app.Digest);
        Assert.Equal(3, byExec.Files.Count);
        Assert.Single(byExec.Files, f => f.PinnedInode);
    }
}
