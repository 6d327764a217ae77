namespace Driftless.Core.Registry;

/// <summary>
/// <c>managed:</c> — a container Driftless itself owns (not compose). Its identity is the container id
/// recorded at start plus the <c>io.driftless.managed=&lt;project&gt;/&lt;service&gt;</c> label; spec changes are
/// detected by comparing <see cref="ManagedSpecs.Hash"/> of the desired spec with the recorded one,
/// never by reading env or volumes back from the runtime.
/// </summary>
/// <param name="Image">Image reference (must exist locally; nothing is pulled).</param>
/// <param name="Command">argv; empty keeps the image's own entrypoint/cmd.</param>
/// <param name="Environment">Environment variables (values may contain secrets: only hashed, never logged).</param>
/// <param name="Ports">Published ports, parsed from <c>[host_ip:]host_port:container_port[/proto]</c>.</param>
/// <param name="Volumes">Bind mounts, parsed from <c>host:container[:ro]</c>; host paths absolute.</param>
/// <param name="StopSignal">Baked into the container at create (<c>SIGTERM</c> form).</param>
/// <param name="StopGrace">Signal → grace → SIGKILL, baked as the container's stop timeout.</param>
public sealed record ManagedSpec(
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<PortBinding> Ports,
    IReadOnlyList<VolumeBinding> Volumes,
    string StopSignal,
    TimeSpan StopGrace)
{
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(10);

    /// <summary>The <c>${NAME}</c> variables <see cref="Environment"/>'s values were expanded from: what a message must never show the value of.</summary>
    public IReadOnlyList<string> TemplateVariables { get; init; } = [];

    public const string DefaultStopSignal = "SIGTERM";
}

/// <summary>One published port.</summary>
/// <param name="HostIp">Host address; empty means all addresses (the registry parser defaults nothing: write 127.0.0.1 to stay local).</param>
/// <param name="HostPort">Host port.</param>
/// <param name="ContainerPort">Container port.</param>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
public sealed record PortBinding(string HostIp, int HostPort, int ContainerPort, string Protocol = "tcp");

/// <summary>One bind mount.</summary>
/// <param name="HostPath">Absolute host path (relative paths resolve against the registry's directory).</param>
/// <param name="ContainerPath">Absolute path inside the container.</param>
/// <param name="ReadOnly">Mounted <c>:ro</c>.</param>
public sealed record VolumeBinding(string HostPath, string ContainerPath, bool ReadOnly);
