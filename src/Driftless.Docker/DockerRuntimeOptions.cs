namespace Driftless.Docker;

/// <summary>Settings of the Docker runtime. Unset values come from the environment.</summary>
public sealed class DockerRuntimeOptions
{
    /// <summary>The environment variable that forces the exec fallback (<c>exec</c>) or proc (<c>proc</c>).</summary>
    public const string ObserveVariable = "DRIFTLESS_OBSERVE";

    public const string DefaultEndpoint = "unix:///var/run/docker.sock";

    /// <summary>The engine timeout when none is configured.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Engine endpoint; default <c>DOCKER_HOST</c>, else <see cref="DefaultEndpoint"/>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>When <see cref="ObservationMode.Auto"/>, <see cref="ObserveVariable"/> may override it.</summary>
    public ObservationMode ObservationMode { get; set; } = ObservationMode.Auto;

    /// <summary>
    /// How long the engine has to answer one Engine API request (the ping included) before it counts as unreachable.
    /// A restart or stop waits this long beyond its stop grace; an exec's output stream is the command's own time and
    /// is not bounded here. Default <see cref="DefaultTimeout"/> (10 s).
    /// </summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;
}
