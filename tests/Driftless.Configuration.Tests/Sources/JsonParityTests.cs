using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Driftless.Configuration.Tests.Sources;

/// <summary>
/// <see cref="JsonFileSource"/> against <c>AddJsonFile</c>, live, over <see cref="JsonParityCorpus"/>: the same keys and
/// values (keys case-insensitive, as IConfiguration's are), or both reject.
/// </summary>
public sealed class JsonParityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Cases => [.. JsonParityCorpus.Documents.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task JsonFileSource_AgreesWithAddJsonFile(string name)
    {
        var (bytes, accepted) = JsonParityCorpus.Documents[name];
        var path = _dir.WriteBytes("doc.json", bytes);

        var builtIn = BuiltIn(path);
        ConfigSnapshot? snapshot = null;
        ConfigLoadException? rejection = null;
        try
        {
            snapshot = await new JsonFileSource(path).LoadAsync(CancellationToken.None);
        }
        catch (ConfigLoadException ex)
        {
            rejection = ex; // any other exception type fails the test: a load fails only with ConfigLoadException
        }

        Assert.True(accepted == builtIn is not null, $"the corpus says AddJsonFile {(accepted ? "accepts" : "rejects")} '{name}'");
        if (builtIn is null)
        {
            Assert.True(rejection is not null, "AddJsonFile rejects it, so must Driftless");
            Assert.StartsWith(path + ":", rejection.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(snapshot is not null, $"AddJsonFile accepts it, Driftless rejected it: {rejection?.Message}");
            Assert.Equal(builtIn, Sorted(snapshot.Values));
        }
    }

    [Fact]
    public async Task Collision_NamesTheLineOfTheSecondValue()
    {
        var path = _dir.Write("doc.json", "{\n  \"Section\": { \"A\": 1 },\n  \"section\": {\n    \"B\": 2,\n    \"a\": 3\n  }\n}");

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => new JsonFileSource(path).LoadAsync(CancellationToken.None));

        Assert.Equal(5, ex.Line);
        Assert.Equal("duplicate key 'section:a'", ex.Problem);
    }

    [Fact]
    public async Task InvalidUtf8_IsRejectedWithItsLine_WhereAddJsonFileSubstitutesU_FFFD()
    {
        byte[] bytes = [.. "{\n  \"a\": \"caf"u8, 0xE9, .. "\"\n}"u8];
        var path = _dir.WriteBytes("latin1.json", bytes);

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => new JsonFileSource(path).LoadAsync(CancellationToken.None));

        Assert.Equal(2, ex.Line);
        Assert.Contains("not valid UTF-8", ex.Problem, StringComparison.Ordinal);
        Assert.Equal("caf\uFFFD", BuiltIn(path)!["A"]); // the one deliberate difference, documented on JsonFileSource
    }

    /// <summary>What <c>AddJsonFile</c> stores (every key the provider holds, with its value), or null when it rejects the file.</summary>
    private static SortedDictionary<string, string?>? BuiltIn(string path)
    {
        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException)
        {
            return null;
        }

        var provider = Assert.Single(configuration.Providers.OfType<JsonConfigurationProvider>());
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Collect(provider, null, values);
        return Sorted(values);
    }

    private static void Collect(IConfigurationProvider provider, string? parent, Dictionary<string, string?> values)
    {
        foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var key = parent is null ? child : ConfigurationPath.Combine(parent, child);
            if (provider.TryGet(key, out var value))
            {
                values[key] = value;
            }

            Collect(provider, key, values);
        }
    }

    // Keys in one case: IConfiguration does not tell "Section:B" from "section:B", so neither does the comparison.
    private static SortedDictionary<string, string?> Sorted(IEnumerable<KeyValuePair<string, string?>> values)
        => new(values.ToDictionary(kv => kv.Key.ToUpperInvariant(), kv => kv.Value, StringComparer.Ordinal), StringComparer.Ordinal);
}
