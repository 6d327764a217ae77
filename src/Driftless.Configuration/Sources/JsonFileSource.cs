using System.Globalization;
using System.Text.Json;

namespace Driftless.Configuration.Sources;

/// <summary>
/// A JSON file, flattened to configuration keys exactly as <c>AddJsonFile</c> does (<c>a:b</c>, arrays <c>a:0</c>,
/// <c>null</c> and empty objects as <see langword="null"/>, empty arrays as <c>""</c>), except that duplicate keys are
/// an error rather than last-wins.
/// </summary>
public sealed class JsonFileSource : ConfigFileSource
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>A JSON file source.</summary>
    /// <param name="path">The file; relative paths are made absolute against the current directory.</param>
    public JsonFileSource(string path)
        : base(path)
    {
    }

    private protected override Dictionary<string, string?> Parse(byte[] bytes) => Parse(Name, ConfigFile.WithoutUtf8Bom(bytes));

    internal static Dictionary<string, string?> Parse(string sourceName, ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            RejectDuplicateProperties(sourceName, utf8Json.Span);
            using var document = JsonDocument.Parse(utf8Json, DocumentOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigLoadException(sourceName, 1, $"top-level JSON element must be an object, not {document.RootElement.ValueKind}");
            }

            var flattener = new Flattener(sourceName);
            flattener.VisitObject(document.RootElement, prefix: null);
            return flattener.Values;
        }
        catch (JsonException ex)
        {
            // JsonException.LineNumber is 0-based.
            var line = ex.LineNumber is { } zeroBased ? checked((int)zeroBased + 1) : 0;
            throw new ConfigLoadException(sourceName, line, "invalid JSON: " + FirstSentence(ex.Message), ex);
        }
    }

    // A pass with the reader because JsonDocument neither reports where a duplicate is nor compares names case-insensitively.
    private static void RejectDuplicateProperties(string sourceName, ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        var scopes = new Stack<HashSet<string>?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    scopes.Push(new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                    break;
                case JsonTokenType.StartArray:
                    scopes.Push(null);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    scopes.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    if (!scopes.Peek()!.Add(name))
                    {
                        var line = utf8Json[..checked((int)reader.TokenStartIndex)].Count((byte)'\n') + 1;
                        throw new ConfigLoadException(sourceName, line, $"duplicate key '{name}'");
                    }

                    break;
            }
        }
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: $ | LineNumber: n | BytePositionInLine: m." — the position is reported separately.
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private sealed class Flattener(string sourceName)
    {
        public Dictionary<string, string?> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

        public void VisitObject(JsonElement element, string? prefix)
        {
            var empty = true;
            foreach (var property in element.EnumerateObject())
            {
                empty = false;
                VisitValue(property.Value, Join(prefix, property.Name));
            }

            if (empty && prefix is not null)
            {
                Add(prefix, null);
            }
        }

        private void VisitArray(JsonElement element, string prefix)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                VisitValue(item, Join(prefix, index.ToString(CultureInfo.InvariantCulture)));
                index++;
            }

            // M.E.Configuration.Json stores "" here (not null, as for an empty object) so an empty array binds as empty.
            if (index == 0)
            {
                Add(prefix, string.Empty);
            }
        }

        private void VisitValue(JsonElement value, string key)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    VisitObject(value, key);
                    break;
                case JsonValueKind.Array:
                    VisitArray(value, key);
                    break;
                case JsonValueKind.Null:
                    Add(key, null);
                    break;
                default:
                    // JsonElement.ToString is what M.E.Configuration.Json stores: true → "True", numbers as written.
                    Add(key, value.ToString());
                    break;
            }
        }

        private void Add(string key, string? value)
        {
            // Catches duplicates differing only in case ("a" and "A"), which the JSON reader considers distinct.
            if (!Values.TryAdd(key, value))
            {
                throw new ConfigLoadException(sourceName, 0, $"duplicate key '{key}'");
            }
        }

        private static string Join(string? prefix, string name) => prefix is null ? name : prefix + ":" + name;
    }
}
