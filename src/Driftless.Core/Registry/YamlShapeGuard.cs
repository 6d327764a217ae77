using System.Globalization;
using Driftless.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Driftless.Core.Registry;

/// <summary>
/// Checks the document's shape on YamlDotNet's event stream, which is read iteratively, before the representation
/// model (which recurses, one stack frame per level) is built: nesting depth, node count with aliases expanded, and
/// that every alias refers to a complete node defined before it. A self-referring alias would make the node tree a
/// cycle that no reader of the tree could finish.
/// </summary>
internal static class YamlShapeGuard
{
    /// <summary>
    /// Throws a <see cref="RegistryException"/> at the first node beyond a limit. A syntax error ends the check quietly:
    /// the model's own load reports it, and it cannot get deeper than this check has already seen.
    /// </summary>
    public static void Check(string filePath, string text)
    {
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        var open = new Stack<(string? Anchor, long CountAtStart)>();
        var nodeExpected = new NodeExpectation();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long count = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                if (!nodeExpected.Accepts(current, out var at))
                {
                    throw Fail(filePath, text, at, "an empty key (': x'), or a key without a value; keys are names");
                }

                if (MismatchedCoreTag(current) is { } problem)
                {
                    throw Fail(filePath, text, current, problem);
                }

                switch (current)
                {
                    case Scalar scalar:
                        count++;
                        Remember(sizes, scalar.Anchor, 1);
                        break;
                    case AnchorAlias alias:
                        count += SizeOf(filePath, text, sizes, open, alias);
                        break;
                    case NodeEvent start and (MappingStart or SequenceStart):
                        count++;
                        open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, count));
                        if (open.Count > RegistryLimits.MaxDepth)
                        {
                            throw Fail(filePath, text, current, $"nested deeper than {RegistryLimits.MaxDepth} levels; a registry needs no more than a few");
                        }

                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        var (anchor, countAtStart) = open.Pop();
                        if (anchor is not null)
                        {
                            sizes[anchor] = count - countAtStart + 1;
                        }

                        break;
                }

                if (count > RegistryLimits.MaxNodes)
                {
                    throw Fail(filePath, text, current, string.Create(
                        CultureInfo.InvariantCulture,
                        $"more than {RegistryLimits.MaxNodes} YAML nodes (an alias counts as the nodes it repeats); a registry needs far fewer"));
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Reported by the model's load, with its position.
        }
    }

    private const string CoreTagPrefix = "tag:yaml.org,2002:";
    private static readonly string[] MappingTags = ["map", "set"];
    private static readonly string[] SequenceTags = ["seq", "omap", "pairs"];

    /// <summary>
    /// A YAML core tag that contradicts its node (<c>!!seq</c> on a mapping, <c>!!map</c> on a scalar): YamlDotNet keeps
    /// the node as written, so the file would mean something else to the loader than to any YAML tool that honours tags.
    /// </summary>
    private static string? MismatchedCoreTag(ParsingEvent current)
    {
        if (current is not NodeEvent { Tag: { IsEmpty: false, IsNonSpecific: false } tag } node || !tag.Value.StartsWith(CoreTagPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var type = tag.Value[CoreTagPrefix.Length..];
        var (fits, kind) = node switch
        {
            MappingStart => (MappingTags.Contains(type), "a mapping"),
            SequenceStart => (SequenceTags.Contains(type), "a list"),
            _ => (!MappingTags.Contains(type) && !SequenceTags.Contains(type), "a scalar"),
        };
        return fits ? null : $"the tag !!{RegistryText.Value(type)} does not fit {kind}";
    }

    private static void Remember(Dictionary<string, long> sizes, AnchorName anchor, long size)
    {
        if (!anchor.IsEmpty)
        {
            sizes[anchor.Value] = size;
        }
    }

    private static long SizeOf(string filePath, string text, Dictionary<string, long> sizes, Stack<(string? Anchor, long CountAtStart)> open, AnchorAlias alias)
    {
        var name = alias.Value.Value;
        if (open.Any(frame => frame.Anchor == name))
        {
            throw Fail(filePath, text, alias, $"alias '*{RegistryText.Value(name)}' refers to a node that contains it; a registry cannot be a cycle");
        }

        return sizes.TryGetValue(name, out var size)
            ? size
            : throw Fail(filePath, text, alias, $"alias '*{RegistryText.Value(name)}' refers to no anchor '&{RegistryText.Value(name)}' defined before it");
    }

    private static RegistryException Fail(string filePath, string text, ParsingEvent at, string problem) => Fail(filePath, text, at.Start, problem);

    private static RegistryException Fail(string filePath, string text, Mark at, string problem) =>
        new(filePath, (int)at.Line, (int)at.Column, KeyPathAt(text, at), problem);

    private static string? KeyPathAt(string text, Mark at)
    {
        var path = YamlKeyPathLocator.Locate(text, at.Line, at.Column);
        return path is null ? null : RegistryText.Line(path, RegistryText.MaxKeyPathLength);
    }
}
