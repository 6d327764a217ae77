namespace Driftless.Core.Doctor;

/// <summary>
/// A server whose image carries its own configuration validator, which <c>doctor</c> suggests as a <c>check:</c>
/// (issue 11): where the server reads its main configuration and the argv that validates a given file.
/// </summary>
/// <param name="Product">How people name it: <c>Caddy</c>.</param>
/// <param name="Program">The repository name (see <see cref="ImageNames.Names"/>) and the server's binary.</param>
/// <param name="DefaultConfig">Where the image's server reads its configuration unless told otherwise.</param>
/// <param name="ConfigFileName">The conventional file name of that configuration, to spot it among the mounted inputs.</param>
/// <param name="ConfigOptions">The server's command-line options that name another configuration file.</param>
/// <param name="Check">The validating argv for a configuration path, given the server's command line.</param>
internal sealed record WellKnownImage(
    string Product,
    string Program,
    string DefaultConfig,
    string ConfigFileName,
    IReadOnlyList<string> ConfigOptions,
    Func<string, ServerCommandLine, IReadOnlyList<string>> Check)
{
    public static IReadOnlyList<WellKnownImage> All { get; } =
    [
        new("Caddy", "caddy", "/etc/caddy/Caddyfile", "Caddyfile", ["--config", "-c"], CaddyCheck),
        new("nginx", "nginx", "/etc/nginx/nginx.conf", "nginx.conf", ["-c"], NginxCheck),
        new("Prometheus", "prometheus", "/etc/prometheus/prometheus.yml", "prometheus.yml", ["--config.file"], PrometheusCheck),
        new("HAProxy", "haproxy", "/usr/local/etc/haproxy/haproxy.cfg", "haproxy.cfg", ["-f"], HaproxyCheck),
    ];

    /// <summary>The server <paramref name="imageReference"/> runs, or null when doctor knows no validator for it.</summary>
    public static WellKnownImage? Recognise(string imageReference) =>
        All.FirstOrDefault(image => ImageNames.Names(imageReference, image.Program));

    /// <summary>The configuration the command line names (absolute paths only: a relative one depends on the working directory).</summary>
    public string? ConfigNamedBy(ServerCommandLine command) =>
        command.Option(ConfigOptions) is { } path && path.StartsWith('/') ? path : null;

    // Caddy picks the caddyfile adapter itself only for a name starting "Caddyfile" on `run`; validate is told.
    private static IReadOnlyList<string> CaddyCheck(string config, ServerCommandLine command)
    {
        var adapter = command.Option(["--adapter"]) ?? (IsCaddyfile(config) ? "caddyfile" : null);
        return adapter is null
            ? ["caddy", "validate", "--config", config]
            : ["caddy", "validate", "--config", config, "--adapter", adapter];
    }

    private static bool IsCaddyfile(string config)
    {
        var name = Path.GetFileName(config);
        return name.StartsWith("Caddyfile", StringComparison.Ordinal) || name.EndsWith(".caddyfile", StringComparison.OrdinalIgnoreCase);
    }

    private static IReadOnlyList<string> NginxCheck(string config, ServerCommandLine command) =>
        string.Equals(config, "/etc/nginx/nginx.conf", StringComparison.Ordinal) ? ["nginx", "-t"] : ["nginx", "-t", "-c", config];

    private static IReadOnlyList<string> PrometheusCheck(string config, ServerCommandLine command) =>
        ["promtool", "check", "config", config];

    private static IReadOnlyList<string> HaproxyCheck(string config, ServerCommandLine command) =>
        ["haproxy", "-c", "-f", config];
}
