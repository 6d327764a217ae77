using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration.Sources;

/// <summary>
/// Flattens a JSON document to configuration keys with the rules of Microsoft.Extensions.Configuration.Json's
/// <c>JsonConfigurationFileParser</c>, in one pass of the reader so a collision can name its line.
/// </summary>
/// <remarks>
/// The built-in rules, kept exactly: objects and arrays only contribute paths (<c>a:b</c>, <c>a:0</c>), so two
/// properties whose names differ only in case, or a property repeated, merge; a scalar (string, number, boolean,
/// null) whose flattened key already holds a value is a duplicate and fails the load; an empty object stores
/// <see langword="null"/> and an empty array <c>""</c> at its path, overwriting whatever is there.
/// </remarks>
internal static class JsonFlattener
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="JsonException">The text is not valid JSON.</exception>
    /// <exception cref="ConfigLoadException">The root is not an object, or a flattened key is assigned twice.</exception>
    public static Dictionary<string, string?> Flatten(string sourceName, ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var containers = new Stack<Container>();
        string? propertyName = null;
        while (reader.Read())
        {
            if (containers.Count == 0 && reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ConfigLoadException(
                    sourceName, LineOf(utf8Json, reader), $"top-level JSON element must be an object, not {KindOf(reader.TokenType)}");
            }

            try
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        propertyName = reader.GetString()!;
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var path = containers.Count == 0 ? null : NextKey(containers.Peek(), propertyName);
                        containers.Push(new Container(path, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        var ended = containers.Pop();
                        if (ended.Count == 0 && ended.Path is not null)
                        {
                            values[ended.Path] = ended.IsArray ? string.Empty : null;
                        }

                        break;
                    default:
                        var key = NextKey(containers.Peek(), propertyName);
                        if (!values.TryAdd(key, ScalarText(ref reader)))
                        {
                            throw new ConfigLoadException(sourceName, LineOf(utf8Json, reader), $"duplicate key '{key}'");
                        }

                        break;
                }
            }
            catch (InvalidOperationException ex)
            {
                // GetString on an escape that is not valid UTF-16 (a lone surrogate); the message names no content.
                throw new ConfigLoadException(sourceName, LineOf(utf8Json, reader), "invalid JSON: " + ex.Message, ex);
            }
        }

        return values;
    }

    private static string NextKey(Container parent, string? propertyName)
    {
        var name = parent.IsArray ? parent.Count.ToString(CultureInfo.InvariantCulture) : propertyName!;
        parent.Count++;
        return parent.Path is null ? name : parent.Path + ConfigurationPath.KeyDelimiter + name;
    }

    // What JsonElement.ToString gives, which the built-in parser stores: numbers as written, booleans "True"/"False".
    private static string? ScalarText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => bool.TrueString,
        JsonTokenType.False => bool.FalseString,
        _ => null,
    };

    private static string KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => nameof(JsonValueKind.Array),
        JsonTokenType.String => nameof(JsonValueKind.String),
        JsonTokenType.Number => nameof(JsonValueKind.Number),
        JsonTokenType.True => nameof(JsonValueKind.True),
        JsonTokenType.False => nameof(JsonValueKind.False),
        _ => nameof(JsonValueKind.Null),
    };

    private static int LineOf(ReadOnlySpan<byte> utf8Json, in Utf8JsonReader reader)
        => utf8Json[..checked((int)reader.TokenStartIndex)].Count((byte)'\n') + 1;

    private sealed class Container(string? path, bool isArray)
    {
        public string? Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Count { get; set; }
    }
}
