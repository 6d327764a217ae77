namespace Driftless.Docker;

/// <summary>Settings of the Docker runtime. Unset values come from the environment.</summary>
public sealed class DockerRuntimeOptions
{
    /// <summary>The environment variable that forces the exec fallback (<c>exec</c>) or proc (<c>proc</c>).</summary>
    public const string ObserveVariable = "DRIFTLESS_OBSERVE";

    public const string DefaultEndpoint = "unix:///var/run/docker.sock";

    /// <summary>Engine endpoint; default <c>DOCKER_HOST</c>, else <see cref="DefaultEndpoint"/>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>When <see cref="ObservationMode.Auto"/>, <see cref="ObserveVariable"/> may override it.</summary>
    public ObservationMode ObservationMode { get; set; } = ObservationMode.Auto;

    /// <summary>How long <c>PingAsync</c> waits for the engine.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Timeout of one Engine API request (exec streams included).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
