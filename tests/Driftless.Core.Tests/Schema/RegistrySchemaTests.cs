using Driftless.Core.Tests.Registry;
using NJsonSchema;

namespace Driftless.Core.Tests.Schema;

public sealed class RegistrySchemaTests
{
    private static readonly string Root = RepositoryRoot.Find();

    public static TheoryData<string> ValidDocuments()
    {
        var data = new TheoryData<string> { "sample:full", "sample:minimal" };
        var examples = Path.Combine(Root, "examples");
        if (Directory.Exists(examples))
        {
            foreach (var file in Directory.EnumerateFiles(examples, "driftless.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(Root, file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public async Task Schema_AcceptsValidRegistries(string source)
    {
        var yaml = source switch
        {
            "sample:full" => RegistrySamples.Full,
            "sample:minimal" => RegistrySamples.Minimal,
            _ => await File.ReadAllTextAsync(Path.Combine(Root, source)),
        };

        var errors = await ValidateAsync(yaml);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("version: 1\nservices:\n  caddy:\n    inptus: [a]\n", "inptus")]
    [InlineData("version: 1\nfrobnicate: 1\nservices:\n  caddy:\n    inputs: [a]\n", "frobnicate")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    apply: reboot\n", "apply")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    stop_grace: 10\n", "stop_grace")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    verify:\n      settle: soon\n", "settle")]
    [InlineData("version: 2\nservices:\n  caddy:\n    inputs: [a]\n", "version")]
    [InlineData("version: \"1\"\nservices:\n  caddy:\n    inputs: [a]\n", "version")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: a\n", "inputs")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: []\n", "inputs")]
    [InlineData("version: 1\nservices: {}\n", "services")]
    [InlineData("version: 1\nservices:\n  _caddy:\n    inputs: [a]\n", "_caddy")]
    public async Task Schema_RejectsInvalidRegistries(string yaml, string mentioned)
    {
        var errors = await ValidateAsync(yaml);

        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Contains(mentioned, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schema_DescribesEveryProperty()
    {
        var schema = await LoadSchemaAsync();
        var undocumented = new List<string>();
        Visit(schema, "#", undocumented, []);

        Assert.Empty(undocumented);
    }

    private static void Visit(JsonSchema schema, string path, List<string> undocumented, HashSet<JsonSchema> seen)
    {
        if (!seen.Add(schema))
        {
            return;
        }

        foreach (var (name, property) in schema.ActualSchema.Properties)
        {
            if (string.IsNullOrWhiteSpace(property.Description))
            {
                undocumented.Add($"{path}/{name}");
            }

            Visit(property.ActualSchema, $"{path}/{name}", undocumented, seen);
        }

        foreach (var (pattern, property) in schema.ActualSchema.PatternProperties)
        {
            Visit(property.ActualSchema, $"{path}/{pattern}", undocumented, seen);
        }

        if (schema.ActualSchema.Item is { } item)
        {
            Visit(item.ActualSchema, $"{path}[]", undocumented, seen);
        }
    }

    private static Task<JsonSchema> LoadSchemaAsync() =>
        JsonSchema.FromFileAsync(Path.Combine(Root, "schema", "driftless.schema.json"));

    private static async Task<List<string>> ValidateAsync(string yaml)
    {
        var schema = await LoadSchemaAsync();
        return schema.Validate(YamlToJson.Convert(yaml)).Select(e => e.ToString()).ToList();
    }
}
