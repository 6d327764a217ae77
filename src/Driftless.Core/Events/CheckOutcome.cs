using System.Text.Json.Serialization;

namespace Driftless.Core.Events;

/// <summary>How a service's <c>check:</c> ended in a run, on its event (null when no check ran). JSON: snake_case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckOutcome>))]
public enum CheckOutcome
{
    /// <summary>Exit 0: the mode ran after it.</summary>
    [JsonStringEnumMemberName("passed")]
    Passed,

    /// <summary>A non-zero exit: the change was rejected.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Still running at its <c>timeout</c>, and killed: the change was rejected.</summary>
    [JsonStringEnumMemberName("timed_out")]
    TimedOut,

    /// <summary>It could not run at all (its image missing, the engine refused it, no such program): the change was rejected.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}
