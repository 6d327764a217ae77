using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration.Tests.Sources;

public sealed class FileSourceTests : IDisposable
{
    private const string NestedJson = """
        {
          // comments and trailing commas are accepted, as by AddJsonFile
          "Logging": { "LogLevel": { "Default": "Information", "Microsoft": "Warning" } },
          "Servers": [ "a.example", "b.example", { "Host": "c.example", "Port": 8080 } ],
          "Matrix": [ [1, 2], [3] ],
          "Flags": { "Enabled": true, "Disabled": false, "Ratio": 0.25, "Big": 1e3 },
          "Nothing": null,
          "EmptyString": "",
          "EmptyObject": {},
          "EmptyArray": [],
          "Unicode": "gr\u00fc\u00dfe",
        }
        """;

    private const string EquivalentYaml = """
        # the same document as NestedJson, in YAML
        Logging:
          LogLevel:
            Default: Information
            Microsoft: Warning
        Servers:
          - a.example
          - b.example
          - Host: c.example
            Port: 8080
        Matrix:
          - [1, 2]
          - [3]
        Flags:
          Enabled: True
          Disabled: False
          Ratio: 0.25
          Big: 1e3
        Nothing: null
        EmptyString: ""
        EmptyObject: {}
        EmptyArray: []
        Unicode: "grüße"
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Json_FlattensExactlyLikeAddJsonFile()
    {
        var path = _dir.Write("app.json", NestedJson);

        var snapshot = await new JsonFileSource(path).LoadAsync(CancellationToken.None);

        Assert.Equal(BuiltInJson(path), Sorted(snapshot.Values));
        Assert.Equal("c.example", snapshot.Values["servers:2:host"]);
        Assert.Null(snapshot.Values["EmptyObject"]);
    }

    [Fact]
    public async Task Yaml_FlattensLikeAddJsonFileForTheEquivalentDocument()
    {
        var jsonPath = _dir.Write("app.json", NestedJson);
        var yamlPath = _dir.Write("app.yaml", EquivalentYaml);

        var snapshot = await new YamlFileSource(yamlPath).LoadAsync(CancellationToken.None);

        Assert.Equal(BuiltInJson(jsonPath), Sorted(snapshot.Values));
    }

    [Fact]
    public async Task Snapshot_IsCaseInsensitive_AndNamesTheFullPath()
    {
        var path = _dir.Write("app.json", NestedJson);
        var source = new JsonFileSource(path);

        var snapshot = await source.LoadAsync(CancellationToken.None);

        Assert.Equal("Information", snapshot.Values["LOGGING:loglevel:DEFAULT"]);
        Assert.Equal(Path.GetFullPath(path), snapshot.Source);
        Assert.Equal([Path.GetFullPath(path)], source.WatchedPaths);
    }

    [Theory]
    [InlineData("json", "{\"a\": 1}", "{\"a\": 1 }")]
    [InlineData("yaml", "a: 1\n", "a: 1 \n")]
    public async Task Hash_ChangesIffBytesChange(string kind, string content, string sameValuesOtherBytes)
    {
        var path = _dir.Write("c." + kind, content);
        var source = Create(kind, path);

        var first = await source.LoadAsync(CancellationToken.None);
        var again = await source.LoadAsync(CancellationToken.None);
        File.WriteAllText(path, sameValuesOtherBytes);
        var changed = await source.LoadAsync(CancellationToken.None);

        Assert.StartsWith("sha256:", first.Hash, StringComparison.Ordinal);
        Assert.Equal(first.Hash, again.Hash);
        Assert.NotEqual(first.Hash, changed.Hash);
        Assert.Equal(Sorted(first.Values), Sorted(changed.Values));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("yaml")]
    public async Task Load_Fails_WhenFileIsMissing(string kind)
    {
        var path = Path.Combine(_dir.Path, "missing." + kind);

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => Create(kind, path).LoadAsync(CancellationToken.None));

        Assert.Equal(path, ex.SourceName);
        Assert.Contains("not found", ex.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("yaml")]
    public async Task Load_Fails_WhenFileIsEmpty(string kind)
    {
        var path = _dir.WriteBytes("empty." + kind, []);

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => Create(kind, path).LoadAsync(CancellationToken.None));

        Assert.Equal(path, ex.SourceName);
        Assert.Contains("empty", ex.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json", "{\n  \"a\": 1,\n  \"b\": \n}", 4)]
    [InlineData("json", "{\n  \"a\": {\n    \"b\": tru\n  }\n}", 3)]
    [InlineData("json", "{\n  \"a\": 1,\n  \"a\": 2\n}", 3)]
    [InlineData("json", "[1, 2]", 1)]
    [InlineData("json", "   \n", 2)]
    [InlineData("yaml", "a: 1\nb:\n  - x\n  y: 2\n", 4)]
    [InlineData("yaml", "a: \"unterminated\nb: 2\n", 1)]
    [InlineData("yaml", "a: 1\nb: 2\na: 3\n", 3)]
    [InlineData("yaml", "a: 1\n---\nb: 2\n", 3)]
    [InlineData("yaml", "\n- 1\n- 2\n", 2)]
    public async Task Load_Fails_WithLine_WhenContentIsInvalid(string kind, string content, int line)
    {
        var path = _dir.Write("bad." + kind, content);

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => Create(kind, path).LoadAsync(CancellationToken.None));

        Assert.Equal(path, ex.SourceName);
        Assert.True(line == ex.Line, ex.Message);
        Assert.StartsWith($"{path}:{line}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_Fails_OnKeysDifferingOnlyInCase()
    {
        var path = _dir.Write("dup.json", """{ "Port": 1, "port": 2 }""");

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => new JsonFileSource(path).LoadAsync(CancellationToken.None));

        Assert.Contains("duplicate key", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_AcceptsUtf8Bom_AndHashesTheExactBytes()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "{\"a\":\"b\"}"u8];
        var path = _dir.WriteBytes("bom.json", bytes);

        var snapshot = await new JsonFileSource(path).LoadAsync(CancellationToken.None);

        Assert.Equal("b", snapshot.Values["a"]);
        Assert.Equal(ConfigHash.Of(bytes), snapshot.Hash);
    }

    private static IConfigSource Create(string kind, string path)
        => kind == "json" ? new JsonFileSource(path) : new YamlFileSource(path);

    private static SortedDictionary<string, string?> BuiltInJson(string path)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        return Sorted(configuration.AsEnumerable().Where(kv => !HasChildren(configuration, kv.Key)));
    }

    // AsEnumerable also yields each section's own key (value null); a provider only stores leaves and empty containers.
    private static bool HasChildren(IConfiguration configuration, string key)
        => configuration.GetSection(key).GetChildren().Any();

    private static SortedDictionary<string, string?> Sorted(IEnumerable<KeyValuePair<string, string?>> values)
        => new(values.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
}
