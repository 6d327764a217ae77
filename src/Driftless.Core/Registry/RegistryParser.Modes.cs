using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>The in-place modes (<c>reload</c>, <c>signal</c>, <c>exec</c>), escalation, <c>verify</c> checks and <c>depends_on</c>.</summary>
internal sealed partial class RegistryParser
{
    private static readonly string[] ReloadKeys = ["url", "method", "headers", "timeout", "expect_status"];
    private static readonly string[] HttpCheckKeys = ["url", "expect_status", "body_contains", "headers"];
    private static readonly string[] FallbackModeNames = ["restart", "recreate"];
    private static readonly string[] StaleMountNames = ["restart", "recreate", "fail"];
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly (string Key, ApplyMode Owner)[] ModeSettings =
        [("reload", ApplyMode.ReloadHttp), ("signal", ApplyMode.Signal), ("exec", ApplyMode.Exec)];

    private static readonly string[] CommonSignals = ["SIGHUP", "SIGUSR1", "SIGUSR2", "SIGTERM", "SIGINT", "SIGQUIT", "SIGWINCH"];

    /// <summary>POSIX signal names (without <c>SIG</c>), plus <c>WINCH</c>; numbers are not accepted (they differ between platforms).</summary>
    private static readonly string[] SignalNames =
    [
        "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
        "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "SYS", "WINCH",
    ];

    /// <summary>A key that belongs to one apply mode: required with it (rejected without it by <see cref="RejectMisplacedModeSettings"/>).</summary>
    private T? ModeSetting<T>(
        Dictionary<string, Entry> service, string key, ApplyMode apply, ApplyMode owner, YamlNode serviceKey, string path, string what, Func<Entry, string, T> parse)
        where T : class
    {
        var keyPath = $"{path}.{key}";
        if (!service.TryGetValue(key, out var entry))
        {
            return apply == owner
                ? throw Error(serviceKey, keyPath, $"missing required key '{key}' ({what}); apply: {owner.Name()} needs it")
                : null;
        }

        // RejectMisplacedModeSettings ran first: a present key belongs to this mode.
        return parse(entry, keyPath);
    }

    /// <summary>Before any is required: <c>signal:</c> under <c>apply: reload_http</c> points at the likelier mistake (the mode).</summary>
    private void RejectMisplacedModeSettings(Dictionary<string, Entry> service, ApplyMode apply, string path)
    {
        foreach (var (key, owner) in ModeSettings)
        {
            if (apply != owner && service.TryGetValue(key, out var entry))
            {
                throw Error(entry.Key, $"{path}.{key}", $"{key}: is only used with apply: {owner.Name()}");
            }
        }
    }

    private void RequireInPlace(Entry entry, ApplyMode apply, string path)
    {
        if (!apply.IsInPlace())
        {
            var key = path[(path.LastIndexOf('.') + 1)..];
            throw Error(entry.Key, path, $"{key}: is only used with an in-place apply mode (reload_http, signal, exec), not apply: {apply.Name()}");
        }
    }

    private ReloadSpec ParseReload(Entry entry, string path)
    {
        var map = ReadMapping(RequireMapping(entry.Value, path), path, ReloadKeys);
        if (!map.TryGetValue("url", out var urlEntry))
        {
            throw Error(entry.Key, $"{path}.url", "missing required key 'url' (the reload endpoint, e.g. http://127.0.0.1:8080/-/reload)");
        }

        var url = ParseUrl(urlEntry.Value, $"{path}.url");
        var method = map.TryGetValue("method", out var methodEntry)
            ? ParseChoice(methodEntry.Value, $"{path}.method", "HTTP method", "methods", HttpMethods, ignoreCase: true)
            : "POST";
        var headers = map.TryGetValue("headers", out var headersEntry)
            ? ParseHeaders(headersEntry.Value, $"{path}.headers")
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var timeout = map.TryGetValue("timeout", out var timeoutEntry)
            ? ParsePositiveDuration(timeoutEntry.Value, $"{path}.timeout")
            : ReloadSpec.DefaultTimeout;
        var expectStatus = map.TryGetValue("expect_status", out var statusEntry)
            ? ParseStatusCodes(statusEntry.Value, $"{path}.expect_status")
            : [];
        return new ReloadSpec(url, method, headers, timeout, expectStatus);
    }

    private VerifySpec ParseVerify(YamlNode node, string path)
    {
        var map = ReadMapping(RequireMapping(node, path), path, VerifyKeys);
        var settle = map.TryGetValue("settle", out var settleEntry)
            ? ParseDuration(settleEntry.Value, $"{path}.settle")
            : VerifySpec.Default.Settle;
        return new VerifySpec(settle)
        {
            Http = map.TryGetValue("http", out var httpEntry) ? ParseHttpCheck(httpEntry, $"{path}.http") : null,
            Exec = map.TryGetValue("exec", out var execEntry) ? ParseArgv(execEntry, $"{path}.exec") : null,
            Timeout = map.TryGetValue("timeout", out var timeoutEntry)
                ? ParsePositiveDuration(timeoutEntry.Value, $"{path}.timeout")
                : VerifySpec.DefaultTimeout,
        };
    }

    private HttpCheckSpec ParseHttpCheck(Entry entry, string path)
    {
        var map = ReadMapping(RequireMapping(entry.Value, path), path, HttpCheckKeys);
        if (!map.TryGetValue("url", out var urlEntry))
        {
            throw Error(entry.Key, $"{path}.url", "missing required key 'url' (the URL to GET, e.g. http://127.0.0.1:8080/health)");
        }

        return new HttpCheckSpec(
            ParseUrl(urlEntry.Value, $"{path}.url"),
            map.TryGetValue("expect_status", out var statusEntry) ? ParseStatusCodes(statusEntry.Value, $"{path}.expect_status") : [],
            map.TryGetValue("body_contains", out var bodyEntry) ? RequireString(bodyEntry.Value, $"{path}.body_contains") : null,
            map.TryGetValue("headers", out var headersEntry)
                ? ParseHeaders(headersEntry.Value, $"{path}.headers")
                : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>An http(s) URL template. Never quoted in messages: it may hold credentials.</summary>
    private string ParseUrl(YamlNode node, string path)
    {
        var url = RequireString(node, path);
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw Error(node, path, "must be an http:// or https:// URL (the scheme cannot come from ${VAR})");
        }

        var variables = RequireSetVariables(node, path, url);
        if (variables.Count == 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0))
        {
            throw Error(node, path, "is not a valid URL");
        }

        return url;
    }

    private Dictionary<string, string> ParseHeaders(YamlNode node, string path)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, valueNode) in RequireMapping(node, path).Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name } scalar || IsNull(scalar))
            {
                throw Error(keyNode, path, $"header names must be strings, not {Describe(keyNode)}");
            }

            var headerPath = $"{path}.{name}";
            if (!name.All(IsTokenChar))
            {
                throw Error(keyNode, headerPath, $"invalid header name '{name}': use letters, digits and !#$%&'*+-.^_`|~");
            }

            if (headers.Keys.FirstOrDefault(existing => string.Equals(existing, name, StringComparison.OrdinalIgnoreCase)) is { } first)
            {
                throw Error(keyNode, headerPath, $"header '{name}' is already set as '{first}' (header names are case-insensitive)");
            }

            var value = RequireString(valueNode, headerPath);
            if (value.Contains('\r') || value.Contains('\n'))
            {
                throw Error(valueNode, headerPath, "header values cannot contain line breaks");
            }

            RequireSetVariables(valueNode, headerPath, value);
            headers.Add(name, value);
        }

        return headers;
    }

    /// <summary>Every <c>${VAR}</c> of a template must be well formed and set now; the template, not the value, is kept.</summary>
    private IReadOnlyList<string> RequireSetVariables(YamlNode node, string path, string template)
    {
        if (!EnvironmentTemplate.TryGetVariables(template, out var variables, out var problem))
        {
            throw Error(node, path, problem!);
        }

        foreach (var variable in variables)
        {
            if (environment(variable) is null)
            {
                throw Error(node, path, $"environment variable {variable} is not set (used in {path})");
            }
        }

        return variables;
    }

    private List<int> ParseStatusCodes(YamlNode node, string path)
    {
        var list = RequireSequence(node, path);
        var codes = new List<int>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            if (item is not YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text }
                || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                || code is < 100 or > 599)
            {
                throw Error(item, $"{path}[{i}]", $"must be an HTTP status code from 100 to 599, not {Describe(item)}");
            }

            codes.Add(code);
        }

        return codes;
    }

    private string ParseSignal(Entry entry, string path)
    {
        var text = RequireString(entry.Value, path);
        var bare = text.ToUpperInvariant();
        bare = bare.StartsWith("SIG", StringComparison.Ordinal) ? bare[3..] : bare;
        if (SignalNames.Contains(bare, StringComparer.Ordinal))
        {
            return $"SIG{bare}";
        }

        var problem = bare.Length > 0 && bare.All(char.IsAsciiDigit)
            ? $"signal numbers are not accepted (they differ between platforms); use a name such as {string.Join(", ", CommonSignals)}"
            : $"unknown signal '{text}'; use a POSIX name such as {string.Join(", ", CommonSignals)}";
        var suggestion = SignalNames
            .Select(name => (Name: name, Distance: KeySuggester.Levenshtein(bare, name)))
            .Where(candidate => candidate.Distance <= (candidate.Name.Length <= 4 ? 1 : 2))
            .OrderBy(candidate => candidate.Distance)
            .Select(candidate => $"SIG{candidate.Name}")
            .FirstOrDefault();
        throw Error(entry.Value, path, suggestion is null ? problem : $"{problem} (did you mean '{suggestion}'?)");
    }

    /// <summary>An argv list: at least the command, every item a non-empty string.</summary>
    private List<string> ParseArgv(Entry entry, string path)
    {
        var list = RequireSequence(entry.Value, path);
        if (list.Children.Count == 0)
        {
            throw Error(list, path, "must list the command and its arguments, e.g. [caddy, reload, --config, /etc/caddy/Caddyfile]");
        }

        return list.Children.Select((item, i) => RequireString(item, $"{path}[{i}]")).ToList();
    }

    private DependsOnNodes ParseDependsOn(string service, YamlNode node, string path)
    {
        var list = RequireSequence(node, path);
        var names = new List<string>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemPath = $"{path}[{i}]";
            var name = RequireString(item, itemPath);
            if (name == service)
            {
                throw Error(item, itemPath, $"service '{service}' cannot depend on itself");
            }

            if (names.Contains(name, StringComparer.Ordinal))
            {
                throw Error(item, itemPath, $"'{name}' is listed twice");
            }

            names.Add(name);
        }

        return new DependsOnNodes(list, path, names);
    }

    /// <summary>After all services are read: every dependency exists, and there is no cycle.</summary>
    private void ValidateDependencies(List<ServiceSpec> services, List<DependsOnNodes?> dependencies)
    {
        var names = services.Select(s => s.Name).ToList();
        foreach (var dependsOn in dependencies)
        {
            for (var i = 0; dependsOn is not null && i < dependsOn.Names.Count; i++)
            {
                var name = dependsOn.Names[i];
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(dependsOn.List.Children[i], $"{dependsOn.Path}[{i}]", $"unknown service '{name}'; {KeySuggester.Hint(name, names, "services")}");
                }
            }
        }

        if (ServiceOrder.FindCycle(services) is { } cycle)
        {
            var at = dependencies[names.IndexOf(cycle[0])]!;
            throw Error(at.List, at.Path, $"depends_on cycle: {string.Join(" → ", cycle)}");
        }
    }

    private TimeSpan ParsePositiveDuration(YamlNode node, string path)
    {
        var duration = ParseDuration(node, path);
        return duration > TimeSpan.Zero
            ? duration
            : throw Error(node, path, "must be longer than 0");
    }

    /// <summary>RFC 9110 token characters.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    private sealed record DependsOnNodes(YamlSequenceNode List, string Path, IReadOnlyList<string> Names);
}
