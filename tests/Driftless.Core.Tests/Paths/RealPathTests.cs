using Driftless.Core.Errors;
using Driftless.Core.Paths;

namespace Driftless.Core.Tests.Paths;

public sealed class RealPathTests : IDisposable
{
    private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "driftless-realpath-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Resolve_FollowsAChainOfLinks_InEveryComponent()
    {
        Directory.CreateDirectory(Path.Combine(_root, "real/conf"));
        File.WriteAllText(Path.Combine(_root, "real/conf/app.conf"), "x");
        File.CreateSymbolicLink(Path.Combine(_root, "hop1"), "real");
        File.CreateSymbolicLink(Path.Combine(_root, "hop2"), Path.Combine(_root, "hop1"));
        File.CreateSymbolicLink(Path.Combine(_root, "real/current"), "conf");

        Assert.Equal(Path.Combine(_root, "real/conf/app.conf"), RealPath.Resolve(Path.Combine(_root, "hop2/current/app.conf")));
    }

    [Fact]
    public void Resolve_KeepsAMissingTail_AsWritten()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "link"), _root);

        Assert.Equal(Path.Combine(_root, "not/yet/there"), RealPath.Resolve(Path.Combine(_root, "link/not/yet/there")));
    }

    [Fact]
    public void Resolve_ReportsALoop_AsInvalidInputNamingThePath()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "a"), Path.Combine(_root, "b"));
        File.CreateSymbolicLink(Path.Combine(_root, "b"), Path.Combine(_root, "a"));
        var looping = Path.Combine(_root, "a/x");

        var e = Assert.Throws<DriftlessException>(() => RealPath.Resolve(looping));

        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.Contains(looping, e.Message, StringComparison.Ordinal);
        Assert.Null(RealPath.TryResolve(looping));
    }

    [Fact]
    public void Resolve_OverAnAbstractFileSystem_RestartsAbsoluteTargetsAtItsRoot()
    {
        // As a container's /etc/app -> /config/app resolves inside the container, not on the host.
        var links = new Dictionary<string, string> { ["/etc/app"] = "/config/app", ["/config/app/current"] = "../v2" };

        Assert.Equal("/config/v2/app.conf", RealPath.Resolve("/etc/app/current/app.conf", p => links.GetValueOrDefault(p)));
    }

    [Fact]
    public void Resolve_OverAnAbstractFileSystem_ResolvesDotDotAgainstTheTargetNotTheLink()
    {
        var links = new Dictionary<string, string> { ["/a/link"] = "/x/y" };

        Assert.Equal("/x/z", RealPath.Resolve("/a/link/../z", p => links.GetValueOrDefault(p)));
        Assert.Equal("/", RealPath.Resolve("/../..", _ => null));
    }

    [Fact]
    public void Resolve_OverAnAbstractFileSystem_GivesUpAfterFortyLinks()
    {
        var chain = Enumerable.Range(0, 41).ToDictionary(i => $"/l{i}", i => $"/l{i + 1}");
        var fortyOk = Enumerable.Range(0, 40).ToDictionary(i => $"/l{i}", i => $"/l{i + 1}");

        Assert.Null(RealPath.Resolve("/l0", p => chain.GetValueOrDefault(p)));
        Assert.Equal("/l40", RealPath.Resolve("/l0", p => fortyOk.GetValueOrDefault(p)));
    }
}
