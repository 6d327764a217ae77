namespace Driftless.Core.Runtime;

public enum ObservationMethod
{
    /// <summary>Read through <c>/proc/&lt;pid&gt;/root</c> on the engine host: exactly what the process sees.</summary>
    ProcRoot,

    /// <summary>Read with <c>exec</c> inside the container (engine not local, or /proc not reachable).</summary>
    Exec,
}
