using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

public sealed class InputResolverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Resolve_File_IsAFileInputWithAbsolutePath()
    {
        _dir.Write("conf/a.yaml", "x");

        var input = InputResolver.Resolve("conf/a.yaml", _dir.Root);

        Assert.Equal(new InputSpec("conf/a.yaml", _dir.PathOf("conf/a.yaml"), InputKind.File), input);
    }

    [Theory]
    [InlineData("conf/")]
    [InlineData("conf")]
    [InlineData("./conf/../conf/")]
    public void Resolve_Directory_WithOrWithoutTrailingSlash_IsADirectoryInput(string declared)
    {
        _dir.Write("conf/a.yaml", "x");

        var input = InputResolver.Resolve(declared, _dir.Root);

        Assert.Equal(InputKind.Directory, input.Kind);
        Assert.Equal(_dir.PathOf("conf"), input.FullPath);
        Assert.Equal(declared, input.Declared);
    }

    [Fact]
    public void Resolve_MissingPath_ThrowsExit65NamingThePath()
    {
        var e = Assert.Throws<DriftlessException>(() => InputResolver.Resolve("nope.conf", _dir.Root));

        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.Contains(_dir.PathOf("nope.conf"), e.Message, StringComparison.Ordinal);
    }
}
