namespace Driftless.Core.Runtime;

/// <summary>How to find a service's container: by compose labels, or by an explicit name.</summary>
/// <param name="Project">Compose project (label <c>com.docker.compose.project</c>).</param>
/// <param name="Service">Compose service (label <c>com.docker.compose.service</c>).</param>
/// <param name="ContainerName">Explicit container name; when set, labels are not used.</param>
/// <param name="Managed">
/// A Driftless-managed service: found by the <c>io.driftless.managed=&lt;project&gt;/&lt;service&gt;</c> label
/// (newest when several), never by compose labels or name.
/// </param>
public sealed record ContainerTarget(string Project, string Service, string? ContainerName, bool Managed = false);
