using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Driftless.Configuration.Tests.Modules;
using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Tests.Sources;

/// <summary><see cref="EnvFileOptions.WriteThroughToEnvironment"/> through the real reloader: what reaches the process environment.</summary>
public sealed class EnvironmentWriteThroughTests : IDisposable
{
    // Unique names: the process environment is shared with every other test running in parallel.
    private readonly string _p = "DRIFTLESS_T" + Guid.NewGuid().ToString("N")[..8] + "_";
    private readonly TempDirectory _dir = new();
    private readonly ListLogger _log = new();
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith(_p, StringComparison.Ordinal)))
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        _dir.Dispose();
    }

    private string EnvPath => _dir.File("app.env");

    [Fact]
    public async Task Reload_SetsAddedAndChanged_AndUnsetsRemovedVariables()
    {
        var reloader = await StartAsync("KEPT=1\nCHANGED=old\nREMOVED=x\n");
        Assert.Equal(("1", "old", "x"), (Get("KEPT"), Get("CHANGED"), Get("REMOVED")));

        Assert.True(await ReloadAsync(reloader, "KEPT=1\nCHANGED=new\nADDED=\"two words\"\nEMPTY=\n"));

        Assert.Equal(("1", "new", "two words"), (Get("KEPT"), Get("CHANGED"), Get("ADDED")));
        Assert.Null(Get("REMOVED"));
        Assert.Equal(string.Empty, Get("EMPTY"));
    }

    [Fact]
    public async Task RemovedVariable_GetsBackTheValueTheProcessHadBeforeTheFile_AndOthersAreNeverTouched()
    {
        Set("FROM_LAUNCH", "launch");
        Set("NOT_IN_FILE", "mine");
        var reloader = await StartAsync("FROM_LAUNCH=file\nOWN=1\n");
        Assert.Equal("file", Get("FROM_LAUNCH"));

        Assert.True(await ReloadAsync(reloader, "OWN=2\n"));

        Assert.Equal("launch", Get("FROM_LAUNCH"));
        Assert.Equal("2", Get("OWN"));
        Assert.Equal("mine", Get("NOT_IN_FILE"));
    }

    [Fact]
    public async Task VariableTheFileDidNotChange_IsNotRewritten_SoTheProcessesOwnChangeStays()
    {
        var reloader = await StartAsync("A=1\nB=1\n");
        Set("A", "changed by the app");

        Assert.True(await ReloadAsync(reloader, "A=1\nB=2\n"));

        Assert.Equal("changed by the app", Get("A"));
        Assert.Equal("2", Get("B"));
    }

    [Theory]
    [InlineData("syntax", "A=2\nB=\"unterminated\n")]
    [InlineData("validation", "A=2\nB=invalid\n")]
    [InlineData("empty file", "")]
    [InlineData("missing file", null)]
    public async Task RejectedReload_LeavesTheEnvironmentUnchanged(string why, string? content)
    {
        var reloader = await StartAsync("A=1\nB=1\n", validator: s => s.Values.Values.Contains("invalid") ? ["B is invalid"] : []);
        var calls = 0;
        using var _ = WriteThrough(reloader).Register((_, _) => calls++);

        Assert.False(await ReloadAsync(reloader, content), why);

        Assert.NotNull(reloader.LastError);
        Assert.Equal(("1", "1"), (Get("A"), Get("B")));
        Assert.Equal(0, calls);

        Assert.True(await ReloadAsync(reloader, "A=3\n"));
        Assert.Equal("3", Get("A"));
        Assert.Null(Get("B"));
    }

    [Fact]
    public async Task Callbacks_ReceiveOldAndNewVariables_AfterTheEnvironmentIsUpdated_OnlyWhenItChanged()
    {
        var source = new EnvFileSource(_dir.Write("app.env", $"{_p}A=1\n"), new EnvFileOptions { WriteThroughToEnvironment = true });
        var seen = new List<string>();
        using var registration = source.EnvironmentWriteThrough.Register(
            (old, @new) => seen.Add($"{old.GetValueOrDefault(_p + "A")}->{@new.GetValueOrDefault(_p + "A")}, environment {Get("A")}"));

        var reloader = await StartAsync(source: source);
        Assert.True(await ReloadAsync(reloader, "A=2\n"));
        Assert.True(await ReloadAsync(reloader, "# a comment changes the bytes, not the variables\nA=2\n"));

        Assert.Equal(["->1, environment 1", "1->2, environment 2"], seen);
        Assert.Equal("2", source.EnvironmentWriteThrough.Variables[_p + "A"]);
    }

    [Fact]
    public async Task ThrowingCallback_IsLogged_AndStopsNeitherTheOthersNorTheReload()
    {
        var reloader = await StartAsync("A=1\n");
        var calls = new List<string>();
        using var first = WriteThrough(reloader).Register((_, _) => calls.Add("first"));
        using var throwing = WriteThrough(reloader).Register((_, _) => throw new InvalidOperationException("boom"));
        using var last = WriteThrough(reloader).Register((_, _) => calls.Add("last"));
        var published = 0;
        reloader.Reloaded += (_, _) => published++;

        Assert.True(await ReloadAsync(reloader, "A=2\n"));

        Assert.Equal(["first", "last"], calls);
        Assert.Equal(1, published);
        Assert.Equal(2, reloader.Revision);
        Assert.Equal("2", Get("A"));
        var error = Assert.Single(_log.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("boom", error.Exception?.Message);
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains(_p, StringComparison.Ordinal)); // names and values stay out of logs
    }

    [Fact]
    public async Task DisposedRegistration_IsNoLongerCalled()
    {
        var reloader = await StartAsync("A=1\n");
        var calls = 0;
        WriteThrough(reloader).Register((_, _) => calls++).Dispose();

        Assert.True(await ReloadAsync(reloader, "A=2\n"));

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task WithoutTheOption_TheEnvironmentIsUntouched_AndTheOptionIsReadAtEveryPublish()
    {
        var reloader = await StartAsync("A=1\n", writeThrough: false);

        Assert.True(await ReloadAsync(reloader, "A=2\n"));

        Assert.Null(Get("A"));
        Assert.Equal("2", reloader.Current.Values[_p + "A"]);

        ((EnvFileSource)reloader.Source).Options.WriteThroughToEnvironment = true;
        Assert.True(await ReloadAsync(reloader, "A=3\n"));
        Assert.Equal("3", Get("A"));
    }

    [Fact]
    public async Task Prefix_FiltersTheConfiguration_ButEveryVariableIsWrittenByItsNameInTheFile()
    {
        var options = new EnvFileOptions { WriteThroughToEnvironment = true, Prefix = _p + "APP_" };
        var reloader = await StartAsync("APP_Db__Host=db\nOTHER=x\n", source: new EnvFileSource(_dir.Write("app.env", string.Empty), options));

        Assert.Equal("db", reloader.Current.Values["Db:Host"]);
        Assert.Single(reloader.Current.Values);
        Assert.Equal(("db", "x"), (Get("APP_Db__Host"), Get("OTHER")));
    }

    [Fact]
    public async Task EnvFileInsideAComposite_IsWrittenThrough()
    {
        var json = _dir.Write("app.json", """{ "A": "from json" }""");
        var env = new EnvFileSource(_dir.Write("app.env", $"{_p}A=1\n"), new EnvFileOptions { WriteThroughToEnvironment = true });
        var reloader = await StartAsync(source: new CompositeSource([new JsonFileSource(json), env]));
        Assert.Equal("1", Get("A"));

        Assert.True(await ReloadAsync(reloader, "A=2\n"));

        Assert.Equal("2", Get("A"));
    }

    private async Task<ConfigReloader> StartAsync(
        string? content = null,
        IConfigSource? source = null,
        bool writeThrough = true,
        Func<ConfigSnapshot, IReadOnlyList<string>>? validator = null)
    {
        source ??= new EnvFileSource(EnvPath, new EnvFileOptions { WriteThroughToEnvironment = writeThrough });
        if (content is not null)
        {
            File.WriteAllText(EnvPath, Prefixed(content));
        }

        // Reloads are forced: polling at the default interval on the real clock never fires within a test.
        var options = new DriftlessReloadOptions { ForcePolling = true, LoggerFactory = new OneLoggerFactory(_log) };
        if (validator is not null)
        {
            options.Validators.Add(validator);
        }

        var reloader = new ConfigReloader(source, options);
        _disposables.Add(reloader);
        await reloader.StartAsync(CancellationToken.None);
        return reloader;
    }

    private static EnvironmentWriteThrough WriteThrough(ConfigReloader reloader) => ((EnvFileSource)reloader.Source).EnvironmentWriteThrough;

    private Task<bool> ReloadAsync(ConfigReloader reloader, string? content)
    {
        if (content is null)
        {
            File.Delete(EnvPath);
        }
        else
        {
            File.WriteAllText(EnvPath, Prefixed(content));
        }

        return reloader.ForceReloadAsync(CancellationToken.None);
    }

    // Every variable line gets the test's unique prefix.
    private string Prefixed(string content) => string.Join('\n', content.Split('\n').Select(l => l.Length == 0 || l[0] == '#' ? l : _p + l));

    private string? Get(string name) => Environment.GetEnvironmentVariable(_p + name);

    private void Set(string name, string value) => Environment.SetEnvironmentVariable(_p + name, value);

    private sealed class OneLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
