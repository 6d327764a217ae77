using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.Tests.Registry;
using NJsonSchema;
using YamlDotNet.Core;

namespace Driftless.Core.Tests.Schema;

/// <summary>
/// One grammar: every registry test case gets the same verdict from the loader and from <c>schema/driftless.schema.json</c>,
/// except the few checks a schema cannot express (<see cref="ParserOnlyCheck"/>), which are named case by case.
/// </summary>
public sealed class GrammarParityTests : IDisposable
{
    private static readonly string Root = RepositoryRoot.Find();
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromFileAsync(Path.Combine(Root, "schema", "driftless.schema.json")));

    private readonly TempDirectory _dir = new("registry");

    public GrammarParityTests() => RegistryCases.CreateInputs(_dir);

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "examples"), "driftless.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RegistryCases.Names), MemberType = typeof(RegistryCases))]
    public async Task ParserAndSchema_GiveTheSameVerdict(string name)
    {
        var @case = RegistryCases.Get(name);
        var path = _dir.Write("driftless.yaml", @case.Yaml);

        var parserError = await ParseAsync(path, @case.Environment ?? RegistryCases.Environment);
        var schemaErrors = await ValidateAsync(@case.Yaml);

        if (@case.IsValid)
        {
            Assert.True(parserError is null, $"the loader rejects it: {parserError?.Message}");
            Assert.True(schemaErrors.Count == 0, $"the schema rejects it: {string.Join("; ", schemaErrors)}");
            return;
        }

        Assert.True(parserError is not null, "the loader accepts it");
        Assert.Equal(@case.KeyPath, parserError.KeyPath);
        if (@case.ParserOnly is { } check)
        {
            Assert.True(schemaErrors.Count == 0, $"marked parser-only ({check}), but the schema rejects it too: {string.Join("; ", schemaErrors)}");
        }
        else
        {
            Assert.True(schemaErrors.Count > 0, $"the schema accepts what the loader rejects: {parserError.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task ExampleRegistries_AreValid_ForLoaderAndSchema(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);

        var parserError = await ParseAsync(path, _ => null);
        var schemaErrors = await ValidateAsync(await File.ReadAllTextAsync(path));

        Assert.True(parserError is null, parserError?.Message);
        Assert.Empty(schemaErrors);
    }

    [Fact]
    public void ParserOnlyChecks_AreEachShownByACase()
    {
        var shown = RegistryCases.All.Select(c => c.ParserOnly).OfType<ParserOnlyCheck>().ToHashSet();

        Assert.Equal(Enum.GetValues<ParserOnlyCheck>().ToHashSet(), shown);
    }

    [Fact]
    public void Table_HoldsValidAndInvalidCases_OfEverySection()
    {
        var cases = RegistryCases.All.ToList();

        Assert.True(cases.Count(c => c.IsValid) >= 50, "valid cases");
        Assert.True(cases.Count(c => !c.IsValid && c.ParserOnly is null) >= 200, "invalid cases both reject");
        foreach (var key in new[] { "version", "project", "compose", "tick", "wait", "agent", "history", "services", "inputs", "apply", "reload", "signal", "exec", "verify", "managed", "depends_on" })
        {
            Assert.Contains(cases, c => !c.IsValid && c.KeyPath is { } k && k.Split('.', '[').Contains(key));
        }
    }

    private static async Task<RegistryException?> ParseAsync(string path, Func<string, string?> environment)
    {
        try
        {
            await new RegistryLoader(environment).LoadAsync(path, CancellationToken.None);
            return null;
        }
        catch (RegistryException e)
        {
            return e;
        }
    }

    /// <summary>The schema's errors; a document YAML itself rejects (syntax, duplicate keys) never reaches a schema.</summary>
    private static async Task<List<string>> ValidateAsync(string yaml)
    {
        string json;
        try
        {
            json = YamlToJson.Convert(yaml);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // YamlDotNet's scanner fails on some syntax errors with a bare InvalidOperationException.
            return [$"YAML: {e.Message}"];
        }

        var schema = await Schema.Value;
        return schema.Validate(json).Select(e => e.ToString()).ToList();
    }
}
