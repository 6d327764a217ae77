using Driftless.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>The YAML document itself. Each problem here leaves no tree to validate, so it is reported alone.</summary>
internal sealed partial class RegistryParser
{
    private const string EmptyFile = "the registry file is empty (expected a mapping with 'version' and 'services')";

    private YamlMappingNode LoadRoot(string text)
    {
        // Depth, size and aliases are checked on the event stream first: the model's load recurses once per level.
        YamlShapeGuard.Check(_shownFile, text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var path = YamlKeyPathLocator.Locate(text, e.Start.Line, e.Start.Column);
            var problem = e.Message.StartsWith("Duplicate key", StringComparison.Ordinal)
                ? $"duplicate key '{LastSegment(path)}'"
                : $"YAML syntax error: {Innermost(e).Message}";
            throw new RegistryException([At(e.Start, path, problem)], e);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these, without a position, for events its model cannot hold (an empty key, a key that is
            // itself a mapping in some forms); the scanner's own position, or the last node read, places the problem.
            var (line, column, path) = YamlKeyPathLocator.LocateFailure(text);
            var problem = e is InvalidOperationException && line < long.MaxValue
                ? "YAML syntax error: cannot parse here (an unclosed '[', '{' or quote?)"
                : "YAML structure not supported here (an empty or complex key?)";
            throw new RegistryException([At(new Mark(0, line == long.MaxValue ? 1 : line, column == long.MaxValue ? 1 : column), path, problem)], e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new RegistryException(_shownFile, 1, 1, null, EmptyFile);
        }

        if (stream.Documents.Count > 1)
        {
            throw Alone(stream.Documents[1].RootNode, null, "the registry file must hold exactly one YAML document");
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode scalar && IsNull(scalar))
        {
            throw new RegistryException(_shownFile, 1, 1, null, EmptyFile);
        }

        return root as YamlMappingNode
            ?? throw Alone(root, null, $"the top level must be a mapping with 'version' and 'services', not {Describe(root)}");
    }

    private static string? LastSegment(string? path) => path?[(path.LastIndexOf('.') + 1)..];

    private static Exception Innermost(Exception e) => e.InnerException is YamlException inner ? Innermost(inner) : e;
}
