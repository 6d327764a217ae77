using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Docker;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Runtime;

public sealed class ObserveEdgeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Observe_ResolvesSymlinks_OnHostAndInsideContainer()
    {
        using var dir = new TempDir();
        var a = dir.Write("real/a.conf", "a\n");
        File.CreateSymbolicLink(dir.File("link"), dir.File("real"));

        // Only valid inside the container; through /proc/<pid>/root the kernel would resolve it on the host.
        File.CreateSymbolicLink(dir.File("real/abs.conf"), "/etc/conf/a.conf");
        Directory.CreateSymbolicLink(dir.File("real/loop"), ".");
        var name = TestNames.Unique();
        await using var container = await TestContainer.StartAsync(name, new Dictionary<string, string> { [dir.File("real")] = "/etc/conf" });
        var runtime = Runtimes.Create();
        var found = await Runtimes.FindByNameAsync(runtime, name);
        var desired = DesiredHash.Of(dir.Path, [a]);

        var view = await Runtimes.ObserveAsync(runtime, 
            found,
            [
                new InputSpec("link/a.conf", dir.File("link/a.conf"), InputKind.File),
                new InputSpec("real", dir.File("real"), InputKind.Directory),
            ],
            desired,
            dir.Path,
            None);

        Assert.Empty(view.UncoveredInputs);
        var viaLink = Assert.Single(view.Files, f => f.RelativePath == "link/a.conf");
        Assert.Equal("/etc/conf/a.conf", viaLink.ContainerPath);
        Assert.Equal(DesiredHash.DigestOf("a\n"), viaLink.Digest);
        var absolute = Assert.Single(view.Files, f => f.RelativePath == "real/abs.conf");
        Assert.Equal(DesiredHash.DigestOf("a\n"), absolute.Digest);
        Assert.Contains(view.Files, f => f.RelativePath == "real/a.conf");
        Assert.DoesNotContain(view.Files, f => f.RelativePath.Contains("loop/loop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Observe_StoppedContainer_SeesNothing()
    {
        using var dir = new TempDir();
        var file = dir.Write("app.conf", "x\n");
        var name = TestNames.Unique();
        await using var container = await TestContainer.StartAsync(name, new Dictionary<string, string> { [file] = "/etc/app.conf" });
        await Cmd.RunCheckedAsync(["docker", "stop", "-t", "1", container.Id]);
        var runtime = Runtimes.Create();
        var found = await Runtimes.FindByNameAsync(runtime, name);

        var view = await Runtimes.ObserveAsync(runtime, 
            found, [new InputSpec("app.conf", file, InputKind.File)], DesiredHash.Of(dir.Path, [file]), dir.Path, None);

        Assert.False(found.Running);
        Assert.Equal(0, found.Pid);
        var seen = Assert.Single(view.Files);
        Assert.Null(seen.Digest);
        Assert.Equal("/etc/app.conf", seen.ContainerPath);
    }

    [Theory]
    [InlineData(ObservationMode.Auto, "exec", ObservationMode.Exec)]
    [InlineData(ObservationMode.Auto, "PROC", ObservationMode.Proc)]
    [InlineData(ObservationMode.Auto, null, ObservationMode.Auto)]
    [InlineData(ObservationMode.Proc, "exec", ObservationMode.Proc)]
    public void ObservationMode_EnvironmentOverridesOnlyAuto(ObservationMode configured, string? environment, ObservationMode expected) =>
        Assert.Equal(expected, DockerRuntimeFactory.ResolveMode(configured, environment));
}
