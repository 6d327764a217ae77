using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration.AspNetCore;

/// <summary>Converts between flattened configuration sections and JSON, redacting secrets.</summary>
internal static partial class ConfigJson
{
    public const string Redacted = "***";

    /// <summary>A section as a nested JSON object; secret values (and everything under a secret key) become <see cref="Redacted"/>.</summary>
    public static JsonObject ToJson(IConfigurationSection section, IReadOnlyCollection<string> secretKeys) =>
        Build(section, string.Empty, secret: false, secretKeys) as JsonObject ?? [];

    /// <summary>Whether a key segment names a secret (contains password, secret, token, apikey, api_key or connectionstring).</summary>
    public static bool IsSecretSegment(string segment) => SecretSegment().IsMatch(segment);

    /// <summary>Replaces (or creates) <paramref name="section"/> in <paramref name="root"/>; keys match case-insensitively.</summary>
    public static void ReplaceSection(JsonObject root, string section, JsonObject value)
    {
        var segments = section.Split(':');
        var parent = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var name = ExistingName(parent, segments[i]) ?? segments[i];
            var existing = parent[name];
            RemoveAll(parent, segments[i]);
            if (i == segments.Length - 1)
            {
                parent[name] = value;
                return;
            }

            JsonObject child;
            if (existing is JsonObject existingObject)
            {
                child = existingObject;
            }
            else
            {
                child = [];
            }

            parent[name] = child;
            parent = child;
        }
    }

    private static JsonNode? Build(IConfigurationSection section, string relativePath, bool secret, IReadOnlyCollection<string> secretKeys)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (relativePath.Length == 0)
            {
                return new JsonObject();
            }

            return section.Value is null ? null : JsonValue.Create(secret ? Redacted : section.Value);
        }

        var nodes = new List<KeyValuePair<string, JsonNode?>>(children.Count);
        foreach (var child in children)
        {
            var path = relativePath.Length == 0 ? child.Key : relativePath + ":" + child.Key;
            var childSecret = secret
                || IsSecretSegment(child.Key)
                || secretKeys.Contains(path, StringComparer.OrdinalIgnoreCase);
            nodes.Add(new(child.Key, Build(child, path, childSecret, secretKeys)));
        }

        if (relativePath.Length > 0 && IsArray(nodes))
        {
            return new JsonArray([.. nodes.Select(n => n.Value)]);
        }

        var result = new JsonObject();
        foreach (var (key, node) in nodes)
        {
            result[key] = node;
        }

        return result;
    }

    private static bool IsArray(List<KeyValuePair<string, JsonNode?>> nodes)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (!string.Equals(nodes[i].Key, i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string? ExistingName(JsonObject parent, string segment) =>
        parent.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, segment, StringComparison.OrdinalIgnoreCase));

    private static void RemoveAll(JsonObject parent, string segment)
    {
        foreach (var key in parent.Select(p => p.Key).Where(k => string.Equals(k, segment, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            parent.Remove(key);
        }
    }

    [GeneratedRegex("password|secret|token|apikey|api_key|connectionstring", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretSegment();
}
