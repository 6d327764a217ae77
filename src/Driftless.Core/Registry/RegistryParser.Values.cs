using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>
/// Scalars, by what the grammar expects. Text (a path, an argument, a body) takes any scalar as written, numbers too;
/// a name or reference (<see cref="RequireName"/>) must be a YAML string, because the schema — like an editor — sees
/// <c>2024</c> or <c>true</c> as a number or a boolean, whose spelling it cannot check.
/// </summary>
internal sealed partial class RegistryParser
{
    private string RequireString(YamlNode node, string path) =>
        node is YamlScalarNode { Value: { } value } scalar && !IsNull(scalar) && value.Length > 0
            ? WithoutNul(node, path, value)
            : throw Error(node, path, $"must be a non-empty string, not {Describe(node)}");

    /// <summary>Any scalar, including an empty string (an argument may be empty).</summary>
    private string RequireScalar(YamlNode node, string path) =>
        node is YamlScalarNode { Value: { } value } scalar && !IsNull(scalar)
            ? WithoutNul(node, path, value)
            : throw Error(node, path, $"must be a string, not {Describe(node)}");

    /// <summary>No path, argument, URL or header can carry a NUL (<c>"\0"</c> in YAML): the OS cuts the string there or refuses it.</summary>
    private string WithoutNul(YamlNode node, string path, string value) =>
        value.Contains('\0', StringComparison.Ordinal)
            ? throw Error(node, path, "must not contain a NUL character (\\0)")
            : value;

    /// <summary>A name or reference: a non-empty YAML string, not a number or boolean.</summary>
    private string RequireName(YamlNode node, string path)
    {
        var text = RequireString(node, path);
        var kind = YamlScalars.Classify((YamlScalarNode)node);
        return kind is YamlScalars.Kind.Integer or YamlScalars.Kind.Float or YamlScalars.Kind.Boolean
            ? throw Error(node, path, $"must be a string, not the {(kind == YamlScalars.Kind.Boolean ? "boolean" : "number")} {RegistryText.Value(text)} (quote it: \"{RegistryText.Value(text)}\")")
            : text;
    }

    private YamlMappingNode RequireMapping(YamlNode node, string path) =>
        node as YamlMappingNode ?? throw Error(node, path, $"must be a mapping, not {Describe(node)}");

    private YamlSequenceNode RequireSequence(YamlNode node, string path) =>
        node as YamlSequenceNode ?? throw Error(node, path, $"must be a list (e.g. [a, b]), not {Describe(node)}");

    /// <summary>One of <paramref name="names"/>; as listed (so with <paramref name="ignoreCase"/>, in the listed case).</summary>
    private string ParseChoice(YamlNode node, string path, string noun, string pluralNoun, string[] names, bool ignoreCase)
    {
        var text = RequireString(node, path);
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return names.FirstOrDefault(name => text.All(char.IsAscii) && string.Equals(name, text, comparison))
            ?? throw Error(node, path, $"unknown {noun} '{RegistryText.Value(text)}'; valid {pluralNoun}: {string.Join(", ", names)}"
                + (KeySuggester.Suggest(text, names) is { } close ? $" (did you mean '{close}'?)" : string.Empty));
    }

    /// <summary>A duration string (<see cref="DurationParser"/>), or the number 0 however YAML spells it (<c>0</c>, <c>0.0</c>).</summary>
    private TimeSpan ParseDuration(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && YamlScalars.TryGetNumber(scalar, out var number) && number == 0)
        {
            return TimeSpan.Zero;
        }

        var text = RequireString(node, path);
        return DurationParser.TryParse(text, out var duration)
            ? duration
            : throw Error(node, path, $"invalid duration '{RegistryText.Value(text)}'; use a number with a unit, e.g. {DurationParser.Examples}");
    }

    private TimeSpan ParsePositiveDuration(YamlNode node, string path)
    {
        var duration = ParseDuration(node, path);
        return duration > TimeSpan.Zero
            ? duration
            : throw Error(node, path, "must be longer than 0");
    }

    private static bool IsNull(YamlScalarNode scalar) => YamlScalars.Classify(scalar) == YamlScalars.Kind.Null;

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "an empty value",
        YamlScalarNode { Value: { } value } => $"'{RegistryText.Value(value)}'",
        _ => "an alias",
    };

    /// <summary>Like <see cref="Describe"/>, but never quotes a value (environment values may be secrets).</summary>
    private static string DescribeSecret(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode => "an empty value",
        _ => "an alias",
    };

    private static string Child(string? path, string key) => path is null ? key : $"{path}.{key}";
}
