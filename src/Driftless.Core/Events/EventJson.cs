using System.Text.Json;
using System.Text.Json.Serialization;

namespace Driftless.Core.Events;

/// <summary>The stable JSON form of events: camelCase keys, lower-case results, ISO-8601 timestamps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ApplyEvent))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
public sealed partial class EventJson : JsonSerializerContext
{
    private static readonly JsonSerializerOptions LineOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        TypeInfoResolver = Default,
    };

    public static string Serialize(ApplyEvent applyEvent) => JsonSerializer.Serialize(applyEvent, LineOptions);

    public static ApplyEvent? Deserialize(string json) => JsonSerializer.Deserialize<ApplyEvent>(json, LineOptions);

    public static string SerializeList(IReadOnlyList<string> list) => JsonSerializer.Serialize(list, Default.IReadOnlyListString);

    public static IReadOnlyList<string> DeserializeList(string json) =>
        JsonSerializer.Deserialize(json, Default.IReadOnlyListString) ?? [];
}
