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

    /// <summary>
    /// Written before a mode touches a container: the change is in flight (phase Pending). A <c>started</c>
    /// event with no outcome after it is an attempt interrupted by a crash.
    /// </summary>
    [JsonStringEnumMemberName("started")]
    Started,

    /// <summary>
    /// The service's <c>check:</c> refused the new configuration (reason <c>check_failed</c>): no mode ran, the live
    /// container was not touched and the recorded state did not advance. Counts as a failure (exit 1, phase Failed).
    /// </summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>A managed container no service owns was stopped and removed.</summary>
    [JsonStringEnumMemberName("removed")]
    Removed,
}
