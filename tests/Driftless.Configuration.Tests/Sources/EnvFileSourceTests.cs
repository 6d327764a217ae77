using Driftless.Configuration.Sources;

namespace Driftless.Configuration.Tests.Sources;

public sealed class EnvFileSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Load_MapsDoubleUnderscoreToSectionSeparator_CaseInsensitively()
    {
        var path = _dir.Write(".env", "Logging__LogLevel__Default=Debug\nPORT=8080\nServers__0=a\n");

        var snapshot = await new EnvFileSource(path, new EnvFileOptions()).LoadAsync(CancellationToken.None);

        Assert.Equal("Debug", snapshot.Values["logging:loglevel:default"]);
        Assert.Equal("8080", snapshot.Values["Port"]);
        Assert.Equal("a", snapshot.Values["Servers:0"]);
        Assert.Equal(ConfigHash.Of(File.ReadAllBytes(path)), snapshot.Hash);
    }

    [Fact]
    public async Task Load_WithPrefix_KeepsOnlyPrefixedVariables_WithoutThePrefix()
    {
        var path = _dir.Write(".env", "APP_Db__Host=db\napp_Port=1\nOTHER=x\n");

        var snapshot = await new EnvFileSource(path, new EnvFileOptions { Prefix = "APP_" }).LoadAsync(CancellationToken.None);

        Assert.Equal(2, snapshot.Values.Count);
        Assert.Equal("db", snapshot.Values["Db:Host"]);
        Assert.Equal("1", snapshot.Values["Port"]);
    }

    [Fact]
    public async Task Load_Fails_WithPathAndLine_OnInvalidLine()
    {
        var path = _dir.Write(".env", "A=1\nB=\"unterminated\n");

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => new EnvFileSource(path, new EnvFileOptions()).LoadAsync(CancellationToken.None));

        Assert.Equal(path, ex.SourceName);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public async Task Load_Fails_OnMissingOrZeroByteFile()
    {
        var missing = Path.Combine(_dir.Path, "missing.env");
        var empty = _dir.WriteBytes("empty.env", []);

        await Assert.ThrowsAsync<ConfigLoadException>(() => new EnvFileSource(missing, new EnvFileOptions()).LoadAsync(CancellationToken.None));
        await Assert.ThrowsAsync<ConfigLoadException>(() => new EnvFileSource(empty, new EnvFileOptions()).LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Load_AcceptsCommentOnlyFile_AsEmptyConfiguration()
    {
        var path = _dir.Write(".env", "# nothing configured yet\n");

        var snapshot = await new EnvFileSource(path, new EnvFileOptions()).LoadAsync(CancellationToken.None);

        Assert.Empty(snapshot.Values);
    }
}
