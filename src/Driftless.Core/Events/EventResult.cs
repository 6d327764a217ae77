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

    /// <summary>Applied and verified, but by another mode than configured (see the event's reason and modeUsed).</summary>
    [JsonStringEnumMemberName("escalated")]
    Escalated,

    [JsonStringEnumMemberName("failed")]
    Failed,
}
