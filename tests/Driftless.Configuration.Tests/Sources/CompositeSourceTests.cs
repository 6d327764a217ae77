using Driftless.Configuration.Sources;

namespace Driftless.Configuration.Tests.Sources;

public sealed class CompositeSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Load_LaterLayerWins_PerKeyCaseInsensitively()
    {
        var json = _dir.Write("base.json", """{ "Db": { "Host": "base", "Port": 5432 }, "Name": "app" }""");
        var yaml = _dir.Write("site.yaml", "db:\n  host: site\n");
        var env = _dir.Write(".env", "NAME=override\n");
        var composite = new CompositeSource([new JsonFileSource(json), new YamlFileSource(yaml), new EnvFileSource(env, new EnvFileOptions())]);

        var snapshot = await composite.LoadAsync(CancellationToken.None);

        Assert.Equal("site", snapshot.Values["Db:Host"]);
        Assert.Equal("5432", snapshot.Values["Db:Port"]);
        Assert.Equal("override", snapshot.Values["name"]);
        Assert.Equal(3, snapshot.Values.Count);
        Assert.Equal(composite.Name, snapshot.Source);
        Assert.Equal($"composite({json}, {yaml}, {env})", composite.Name);
        Assert.Equal([json, yaml, env], composite.WatchedPaths);
    }

    [Fact]
    public async Task Hash_CoversEveryLayer_InOrder()
    {
        var a = _dir.Write("a.json", """{ "A": 1 }""");
        var b = _dir.Write("b.json", """{ "B": 1 }""");
        var composite = new CompositeSource([new JsonFileSource(a), new JsonFileSource(b)]);
        var reversed = new CompositeSource([new JsonFileSource(b), new JsonFileSource(a)]);

        var initial = (await composite.LoadAsync(CancellationToken.None)).Hash;
        var unchanged = (await composite.LoadAsync(CancellationToken.None)).Hash;
        Assert.Equal(initial, unchanged);
        Assert.NotEqual(initial, (await reversed.LoadAsync(CancellationToken.None)).Hash);

        File.WriteAllText(a, """{ "A": 2 }""");
        var afterFirst = (await composite.LoadAsync(CancellationToken.None)).Hash;
        File.WriteAllText(b, """{ "B": 2 }""");
        var afterSecond = (await composite.LoadAsync(CancellationToken.None)).Hash;

        Assert.Equal(3, new[] { initial, afterFirst, afterSecond }.Distinct().Count());
    }

    [Fact]
    public async Task Load_Fails_WhenAnyLayerFails_WithThatLayersError()
    {
        var good = _dir.Write("good.json", """{ "A": 1 }""");
        var bad = _dir.Write("bad.yaml", "a: [1,\n");
        var composite = new CompositeSource([new JsonFileSource(good), new YamlFileSource(bad)]);

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => composite.LoadAsync(CancellationToken.None));

        Assert.Equal(bad, ex.SourceName);
    }

    [Fact]
    public async Task Load_ReportsTheFirstFailingLayerInLayerOrder()
    {
        // "second" fails first in time; "first" fails only after it.
        var secondFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var composite = new CompositeSource([
            new FailingSource("first", before: secondFailed.Task, failed: null),
            new FailingSource("second", before: Task.CompletedTask, failed: secondFailed),
        ]);

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => composite.LoadAsync(CancellationToken.None));

        Assert.Equal("first", ex.SourceName);
    }

    [Fact]
    public void Constructor_Rejects_NoLayers()
        => Assert.Throws<ArgumentException>(() => new CompositeSource([]));

    private sealed class FailingSource(string name, Task before, TaskCompletionSource? failed) : IConfigSource
    {
        public string Name => name;

        public IReadOnlyList<string> WatchedPaths => [];

        public async Task<ConfigSnapshot> LoadAsync(CancellationToken cancellationToken)
        {
            await before.WaitAsync(cancellationToken);
            failed?.SetResult();
            throw new ConfigLoadException(name, 0, "broken");
        }
    }
}
