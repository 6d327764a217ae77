using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>The in-place modes' settings: <c>reload</c>, <c>signal</c> (also <c>managed.stop_signal</c>) and argv lists.</summary>
internal sealed partial class RegistryParser
{
    private static readonly string[] ReloadKeys = ["url", "method", "headers", "timeout", "expect_status"];
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly string[] CommonSignals = ["SIGHUP", "SIGUSR1", "SIGUSR2", "SIGTERM", "SIGINT", "SIGQUIT", "SIGWINCH"];

    /// <summary>POSIX signal names (without <c>SIG</c>), plus <c>WINCH</c>; numbers are not accepted (they differ between platforms).</summary>
    private static readonly string[] SignalNames =
    [
        "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
        "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "SYS", "WINCH",
    ];

    private ReloadSpec ParseReload(Entry entry, string path)
    {
        var map = ReadMapping(RequireMapping(entry.Value, path), path, ReloadKeys);
        var url = string.Empty;
        if (map.TryGetValue("url", out var urlEntry))
        {
            url = Read(urlEntry.Value, $"{path}.url", ParseUrl, string.Empty);
        }
        else if (map.IsMissing("url"))
        {
            Report(entry.Key, $"{path}.url", "missing required key 'url' (the reload endpoint, e.g. http://127.0.0.1:8080/-/reload)");
        }

        return new ReloadSpec(
            url,
            Optional(map, path, "method", (node, p) => ParseChoice(node, p, "HTTP method", "methods", HttpMethods, ignoreCase: true), "POST"),
            Optional(map, path, "headers", ParseHeaders, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)),
            Optional(map, path, "timeout", ParsePositiveDuration, ReloadSpec.DefaultTimeout),
            Optional(map, path, "expect_status", ParseStatusCodes, []));
    }

    /// <summary>Each item on its own: a whole number from 100 to 599 (a quoted "200" is text, not a status).</summary>
    private List<int> ParseStatusCodes(YamlNode node, string path) =>
        ReadItems(RequireSequence(node, path), path, (item, itemPath) =>
            item is YamlScalarNode scalar && YamlScalars.TryGetInteger(scalar, out var code) && code >= 100 && code <= 599
                ? (int)code
                : throw Error(item, itemPath, $"must be an HTTP status code from 100 to 599, not {Describe(item)}"));

    /// <summary>
    /// A signal that asks a process to reload: not SIGKILL or SIGSTOP, which no process can catch, so they kill or
    /// freeze it instead (and a frozen process would still count as running).
    /// </summary>
    private string ParseReloadSignal(YamlNode node, string path)
    {
        var signal = ParseSignal(node, path);
        return signal is "SIGKILL" or "SIGSTOP"
            ? throw Error(node, path, $"{signal} cannot be caught, so it cannot ask a process to reload (it {(signal == "SIGKILL" ? "kills" : "freezes")} it); use a signal the service handles, such as {string.Join(", ", CommonSignals)}")
            : signal;
    }

    /// <summary>A POSIX signal name, with or without <c>SIG</c>, in any (ASCII) case; stored in <c>SIGHUP</c> form.</summary>
    private string ParseSignal(YamlNode node, string path)
    {
        var text = RequireString(node, path);
        var bare = text.ToUpperInvariant();
        bare = bare.StartsWith("SIG", StringComparison.Ordinal) ? bare[3..] : bare;
        if (text.All(char.IsAscii) && SignalNames.Contains(bare, StringComparer.Ordinal))
        {
            return $"SIG{bare}";
        }

        var problem = bare.Length > 0 && bare.All(char.IsAsciiDigit)
            ? $"signal numbers are not accepted (they differ between platforms); use a name such as {string.Join(", ", CommonSignals)}"
            : $"unknown signal '{RegistryText.Value(text)}'; use a POSIX name such as {string.Join(", ", CommonSignals)}";
        var suggestion = bare.Length > KeySuggester.MaxTypoLength ? null : SignalNames
            .Select(name => (Name: name, Distance: KeySuggester.Levenshtein(bare, name)))
            .Where(candidate => candidate.Distance <= (candidate.Name.Length <= 4 ? 1 : 2))
            .OrderBy(candidate => candidate.Distance)
            .Select(candidate => $"SIG{candidate.Name}")
            .FirstOrDefault();
        throw Error(node, path, suggestion is null ? problem : $"{problem} (did you mean '{suggestion}'?)");
    }

    /// <summary>An argv list: at least the command, every item a non-empty string (numbers taken as written).</summary>
    private IReadOnlyList<string> ParseArgv(YamlNode node, string path)
    {
        var list = RequireSequence(node, path);
        return list.Children.Count == 0
            ? throw Error(list, path, "must list the command and its arguments, e.g. [caddy, reload, --config, /etc/caddy/Caddyfile]")
            : ReadItems(list, path, RequireString);
    }
}
