namespace Driftless.Core.Doctor;

/// <summary>
/// The program an image reference names, judged by its repository's last path component alone: the registry host,
/// namespace, tag and digest say nothing about what runs (<c>docker.io/library/nginx:1.27</c>, <c>nginxinc/nginx-unprivileged</c>).
/// </summary>
internal static class ImageNames
{
    /// <summary>
    /// Suffixes that name a build of the same server, not another program: <c>nginx-unprivileged</c> is nginx,
    /// <c>nginx-prometheus-exporter</c> and <c>nginx-proxy</c> are not.
    /// </summary>
    private static readonly HashSet<string> Flavours = new(StringComparer.OrdinalIgnoreCase)
    {
        "alpine", "slim", "unprivileged", "rootless", "distroless", "debian", "ubuntu", "bookworm", "bullseye",
    };

    /// <summary>The repository's last path component, without tag or digest: <c>localhost:5000/prom/prometheus:v3@sha256:…</c> → <c>prometheus</c>.</summary>
    public static string LastComponent(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.Trim();
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }

        // A colon before the last slash is a registry port; after it, the tag.
        name = name[(name.LastIndexOf('/') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? name[..colon] : name;
    }

    /// <summary>Whether <paramref name="reference"/> is <paramref name="program"/>'s image: the last component is the program, or the program and flavours (<c>haproxy-alpine</c>).</summary>
    public static bool Names(string reference, string program)
    {
        var parts = LastComponent(reference).Split('-');
        return string.Equals(parts[0], program, StringComparison.OrdinalIgnoreCase) && parts.Skip(1).All(Flavours.Contains);
    }
}
