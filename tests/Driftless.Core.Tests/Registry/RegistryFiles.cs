using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary>
/// A temp directory holding <c>a.conf</c> and a <c>driftless.yaml</c> a test writes and loads; a load that must
/// fail is checked for the documented exit code and the message shape: one <c>file:line:column: key: problem</c> line per
/// error; the exception's FilePath/Line/Column/KeyPath/Problem are the first error's.
/// </summary>
internal sealed class RegistryFiles(Func<string, string?> environment) : IDisposable
{
    public TempDirectory Dir { get; } = CreateDir();

    public Task<DriftlessRegistry> LoadAsync(string yaml, Func<string, string?>? overrideEnvironment = null)
    {
        var path = Dir.Write("driftless.yaml", yaml);
        return new RegistryLoader(overrideEnvironment ?? environment).LoadAsync(path, CancellationToken.None);
    }

    public async Task<RegistryException> LoadFailsAsync(string yaml, Func<string, string?>? overrideEnvironment = null)
    {
        var e = await Assert.ThrowsAsync<RegistryException>(() => LoadAsync(yaml, overrideEnvironment));
        Assert.Equal(ErrorKind.InvalidRegistry, e.Kind);
        Assert.Equal($"{e.FilePath}:{e.Line}:{e.Column}: {e.KeyPath}: {e.Problem}", e.Message.Split('\n')[0]);
        Assert.Equal(e.Errors.Select(error => error.ToString()), e.Message.Split('\n'));
        return e;
    }

    public void Dispose() => Dir.Dispose();

    private static TempDirectory CreateDir()
    {
        var dir = new TempDirectory();
        dir.Write("a.conf", "x");
        return dir;
    }
}
