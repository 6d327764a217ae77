namespace Driftless.Core.Runtime;

/// <summary>A container as observed from the engine at one moment.</summary>
/// <param name="Id">Full container id.</param>
/// <param name="Name">Name without the leading slash.</param>
/// <param name="Running">State.Running.</param>
/// <param name="Status">State.Status (running, exited, restarting...).</param>
/// <param name="StartedAt">State.StartedAt, when known.</param>
/// <param name="RestartCount">RestartCount (the engine's restart policy bumps it).</param>
/// <param name="Pid">State.Pid of the main process on the engine host (0 when not running).</param>
/// <param name="ExitCode">State.ExitCode.</param>
/// <param name="StopTimeout">Config.StopTimeout when set.</param>
/// <param name="Labels">Config.Labels.</param>
/// <param name="Mounts">Mounts.</param>
public sealed record RuntimeContainer(
    string Id,
    string Name,
    bool Running,
    string Status,
    DateTimeOffset? StartedAt,
    long RestartCount,
    long Pid,
    long ExitCode,
    TimeSpan? StopTimeout,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<MountInfo> Mounts)
{
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;

    /// <summary>The main process's command line (Path then Args), for diagnostics such as <c>doctor</c>.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>HostConfig.Init: docker-init runs as PID 1 and forwards signals to the command.</summary>
    public bool Init { get; init; }

    /// <summary>The image the container runs (the engine's image id), for a check that must run the same binary; empty when unknown.</summary>
    public string Image { get; init; } = string.Empty;

    /// <summary>
    /// Config.Env, Config.WorkingDir and Config.User: a compose service's check runs with them, as the service does.
    /// The values may be secrets: never log or print them.
    /// </summary>
    public ContainerProcessSettings Process { get; init; } = ContainerProcessSettings.None;

    /// <summary>Config.Image: the image reference the container was created from (<c>caddy:2-alpine</c>), for <c>doctor</c>; empty when unknown.</summary>
    public string ImageReference { get; init; } = string.Empty;

    /// <summary>When the container was created (newest-first choices among managed containers).</summary>
    public DateTimeOffset Created { get; init; }
}

/// <summary>How the container's main process is run: its environment (values may be secrets), working directory and user.</summary>
public sealed record ContainerProcessSettings(IReadOnlyDictionary<string, string> Environment, string? WorkingDirectory, string? User)
{
    public static ContainerProcessSettings None { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), null, null);

    /// <summary>The record's generated text would list the environment's type only, but say so explicitly: never its values.</summary>
    public override string ToString() => $"{Environment.Count} variables, dir {WorkingDirectory ?? "-"}, user {User ?? "-"}";
}
