namespace Driftless.Core.Registry;

/// <summary>How a changed configuration reaches the running process. YAML names are lower_snake_case.</summary>
public enum ApplyMode
{
    /// <summary>Record only: the container is not touched (the process re-reads its files itself).</summary>
    None,

    /// <summary>Engine API restart, honouring the stop grace. Re-resolves single-file bind mounts.</summary>
    Restart,

    /// <summary>Hash-in-spec: a compose override labels the service with the config hash; compose recreates it.</summary>
    Recreate,

    /// <summary>In place: an HTTP request to the service's reload endpoint (<c>reload:</c>).</summary>
    ReloadHttp,

    /// <summary>In place: the engine sends a signal (<c>signal:</c>) to the container's main process.</summary>
    Signal,

    /// <summary>In place: a command (<c>exec:</c>, argv) runs inside the container; non-zero exit fails.</summary>
    Exec,
}
