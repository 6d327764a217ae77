namespace Driftless.Core.Registry;

/// <summary>
/// Bounds on a registry file, each far above any real registry and each checked before anything is built from the
/// file, so a hostile or broken file is a quick exit 65 instead of minutes, gigabytes or a stack overflow. The README
/// documents them.
/// </summary>
public static class RegistryLimits
{
    /// <summary>The largest registry file read: 1 MiB. Checked before reading; the read itself stops there too.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>How deep mappings and lists may nest, the top-level mapping being the first level. The grammar's deepest value is 5 levels down.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// How many YAML nodes (keys, values, list items) the document may hold, an alias counting as many nodes as the node
    /// it repeats: this bounds alias bombs ("billion laughs") as well as sheer size.
    /// </summary>
    public const int MaxNodes = 100_000;

    /// <summary>The longest compose project name: a DNS label (compose names networks and containers after it).</summary>
    public const int MaxProjectNameLength = 63;

    /// <summary>The longest compose service name: a DNS label (compose makes it a host name on the project's network).</summary>
    public const int MaxServiceNameLength = 63;

    /// <summary>The longest container name: a DNS name (the engine makes it a host name on the container's networks).</summary>
    public const int MaxContainerNameLength = 253;
}
