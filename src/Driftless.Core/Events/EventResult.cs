using System.Text.Json.Serialization;

namespace Driftless.Core.Events;

/// <summary>The outcome recorded for one service in one run. JSON: lower case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventResult>))]
public enum EventResult
{
    [JsonStringEnumMemberName("noop")]
    Noop,

    [JsonStringEnumMemberName("adopted")]
    Adopted,

    [JsonStringEnumMemberName("applied")]
    Applied,

    [JsonStringEnumMemberName("failed")]
    Failed,
}
