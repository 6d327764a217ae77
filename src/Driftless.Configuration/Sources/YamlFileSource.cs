using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Driftless.Configuration.Sources;

/// <summary>
/// A YAML file, flattened like <see cref="JsonFileSource"/>: mappings to <c>a:b</c>, sequences to <c>a:0</c>,
/// and, as JSON's equivalents become, plain <c>null</c>/<c>~</c>/empty scalars and empty mappings to
/// <see langword="null"/>, empty sequences to <c>""</c>. Other scalars keep their text as written.
/// </summary>
public sealed class YamlFileSource : ConfigFileSource
{
    // Aliases are resolved to shared nodes, so a self-referencing anchor would otherwise recurse forever.
    private const int MaxDepth = 64;

    /// <summary>A YAML file source.</summary>
    /// <param name="path">The file; relative paths are made absolute against the current directory.</param>
    public YamlFileSource(string path)
        : base(path)
    {
    }

    private protected override Dictionary<string, string?> Parse(byte[] bytes) => Parse(Name, ConfigFile.DecodeUtf8(Name, bytes));

    internal static Dictionary<string, string?> Parse(string sourceName, string text)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            // YamlException.Start.Line is 1-based.
            throw new ConfigLoadException(sourceName, checked((int)ex.Start.Line), "invalid YAML: " + ex.Message, ex);
        }

        if (stream.Documents.Count == 0)
        {
            throw new ConfigLoadException(sourceName, 0, "YAML file contains no document");
        }

        if (stream.Documents.Count > 1)
        {
            throw new ConfigLoadException(sourceName, LineOf(stream.Documents[1].RootNode), "YAML file contains more than one document");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var node = stream.Documents[0].RootNode;
            throw new ConfigLoadException(sourceName, LineOf(node), $"top-level YAML node must be a mapping, not {node.NodeType}");
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Visit(root, prefix: null, depth: 0);
        return values;

        void Visit(YamlNode node, string? prefix, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new ConfigLoadException(sourceName, LineOf(node), $"YAML nested deeper than {MaxDepth} levels");
            }

            switch (node)
            {
                case YamlMappingNode mapping:
                    foreach (var (keyNode, child) in mapping.Children)
                    {
                        if (keyNode is not YamlScalarNode { Value: { } name })
                        {
                            throw new ConfigLoadException(sourceName, LineOf(keyNode), "YAML mapping keys must be scalars");
                        }

                        Visit(child, Join(prefix, name), depth + 1);
                    }

                    if (mapping.Children.Count == 0 && prefix is not null)
                    {
                        Add(prefix, null, node);
                    }

                    break;
                case YamlSequenceNode sequence:
                    for (var i = 0; i < sequence.Children.Count; i++)
                    {
                        Visit(sequence.Children[i], Join(prefix, i.ToString(CultureInfo.InvariantCulture)), depth + 1);
                    }

                    if (sequence.Children.Count == 0)
                    {
                        Add(prefix!, string.Empty, node);
                    }

                    break;
                case YamlScalarNode scalar:
                    Add(prefix!, IsNull(scalar) ? null : scalar.Value, node);
                    break;
                default:
                    throw new ConfigLoadException(sourceName, LineOf(node), $"unsupported YAML node {node.NodeType}");
            }
        }

        void Add(string key, string? value, YamlNode node)
        {
            if (!values.TryAdd(key, value))
            {
                throw new ConfigLoadException(sourceName, LineOf(node), $"duplicate key '{key}'");
            }
        }
    }

    private static bool IsNull(YamlScalarNode scalar)
        => scalar.Style == ScalarStyle.Plain
           && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static int LineOf(YamlNode node) => checked((int)node.Start.Line);

    private static string Join(string? prefix, string name) => prefix is null ? name : prefix + ":" + name;
}
