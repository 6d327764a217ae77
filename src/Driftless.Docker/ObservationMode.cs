namespace Driftless.Docker;

/// <summary>How <see cref="Core.Runtime.IContainerRuntime.ObserveAsync"/> reads what a process sees.</summary>
public enum ObservationMode
{
    /// <summary><c>/proc/&lt;pid&gt;/root</c> when the engine is local and it is reachable, else exec.</summary>
    Auto,

    /// <summary>Only <c>/proc/&lt;pid&gt;/root</c>; fails when it is not reachable.</summary>
    Proc,

    /// <summary>Always exec inside the container (<c>cat</c>, <c>find</c>, <c>stat</c>).</summary>
    Exec,
}
