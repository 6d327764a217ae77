using Driftless.Core.Registry;
using Driftless.Core.Tests.Registry;
using NJsonSchema;

namespace Driftless.Core.Tests.Schema;

/// <summary>The schema's own qualities; its verdicts are held to the loader's by <see cref="GrammarParityTests"/>.</summary>
public sealed class RegistrySchemaTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.SchemaRejects), MemberType = typeof(RegistryCases))]
    public async Task Schema_RejectsInvalidRegistries_NamingTheKey(string name)
    {
        var @case = RegistryCases.Get(name);

        var errors = await ValidateAsync(@case.Yaml);

        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Contains(@case.Expect!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schema_DescribesEveryProperty()
    {
        var schema = await LoadSchemaAsync();
        var undocumented = new List<string>();
        Visit(schema, "#", undocumented, []);

        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task Schema_HoldsTheLoadersAddressPatterns()
    {
        var schema = await LoadSchemaAsync();
        var agent = schema.Properties["agent"].ActualSchema;
        var managed = schema.Definitions["service"].Properties["managed"].ActualSchema;

        Assert.Equal(
            $"^(\\[{AddressSyntax.IPv6Pattern}\\]|{AddressSyntax.IPv4Pattern}|{AddressSyntax.HostNamePattern}):{AddressSyntax.PortPattern}$",
            agent.Properties["listen"].Pattern);
        Assert.Equal(
            $"^((\\[{AddressSyntax.IPv6Pattern}\\]|{AddressSyntax.IPv4Pattern}):)?{AddressSyntax.PortPattern}:{AddressSyntax.PortPattern}(/([Tt][Cc][Pp]|[Uu][Dd][Pp]))?$",
            managed.Properties["ports"].Item!.Pattern);
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
