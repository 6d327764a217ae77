using System.Text.Json;
using System.Text.Json.Serialization;

namespace Driftless.Core.Events;

/// <summary>The stable JSON form of events: camelCase keys, lower-case results, ISO-8601 timestamps.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ApplyEvent))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal partial class EventJson : JsonSerializerContext
{
    public static string Serialize(ApplyEvent applyEvent) => JsonSerializer.Serialize(applyEvent, Default.ApplyEvent);

    public static ApplyEvent? Deserialize(string json) => JsonSerializer.Deserialize(json, Default.ApplyEvent);

    public static string SerializeList(IReadOnlyList<string> list) => JsonSerializer.Serialize(list, Default.IReadOnlyListString);

    public static IReadOnlyList<string> DeserializeList(string json) =>
        JsonSerializer.Deserialize(json, Default.IReadOnlyListString) ?? [];
}
