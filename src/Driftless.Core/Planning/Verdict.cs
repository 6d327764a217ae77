namespace Driftless.Core.Planning;

/// <summary>What is true of a service right now (the <c>status</c> column). JSON: snake_case names.</summary>
public enum Verdict
{
    /// <summary>The process sees the desired content and that content is recorded as applied.</summary>
    InSync,

    /// <summary>The process sees the desired content but nothing is recorded yet (adoptable).</summary>
    Unrecorded,

    /// <summary>Desired content differs from what was last applied.</summary>
    Pending,

    /// <summary>Applied equals desired, yet the process sees other content (pinned inode or edited in place).</summary>
    Drifted,

    /// <summary>No container for the service.</summary>
    ContainerMissing,

    /// <summary>The container exists but is not running.</summary>
    NotRunning,

    /// <summary>An input is not covered by any mount of the container: nothing can be verified.</summary>
    NotMounted,

    /// <summary>Not in sync, and the last apply of this service failed.</summary>
    Failed,

    /// <summary>
    /// Nothing could be observed: the last pass failed as a whole (the container engine unreachable, the state
    /// unusable). Only the agent reports it; it never counts as in sync.
    /// </summary>
    Unknown,
}
