using System.Globalization;
using System.Text.Json.Nodes;
using Driftless.Core.Registry;
using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Tests.Schema;

/// <summary>
/// YAML to JSON as an editor's YAML language server hands a document to a JSON schema: YAML 1.2 core-schema typing
/// (<see cref="YamlScalars"/>, the same the parser follows), so <c>version: "1"</c> is a string, <c>200.0</c> a float
/// (not an integer) and <c>true</c> a boolean. Only the first document is converted: a schema judges one document.
/// </summary>
internal static class YamlToJson
{
    public static string Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? "null" : ToJson(stream.Documents[0].RootNode)?.ToJsonString() ?? "null";
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? string.Empty, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        switch (YamlScalars.Classify(scalar))
        {
            case YamlScalars.Kind.Null:
                return null;
            case YamlScalars.Kind.Boolean:
                return JsonValue.Create(text is "true" or "True" or "TRUE");
            case YamlScalars.Kind.Integer when YamlScalars.TryGetInteger(scalar, out var integer):
                return JsonNode.Parse(integer.ToString(CultureInfo.InvariantCulture));
            case YamlScalars.Kind.Float when YamlScalars.TryGetNumber(scalar, out var number):
                // Written with a fraction, so the schema sees a float, as a YAML editor does ("integer" then fails).
                var json = number.ToString("R", CultureInfo.InvariantCulture);
                return JsonNode.Parse(json.Contains('.', StringComparison.Ordinal) || json.Contains('E', StringComparison.Ordinal) ? json : json + ".0");
            default:
                return JsonValue.Create(text);
        }
    }
}
