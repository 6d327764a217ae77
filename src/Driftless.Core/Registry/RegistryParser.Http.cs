using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary><c>verify</c>, and what HTTP requests share: URL templates, headers and <c>${VAR}</c> references.</summary>
internal sealed partial class RegistryParser
{
    private static readonly string[] VerifyKeys = ["settle", "http", "exec", "timeout"];
    private static readonly string[] HttpCheckKeys = ["url", "expect_status", "body_contains", "headers"];

    private VerifySpec ParseVerify(YamlNode node, string path)
    {
        var map = ReadMapping(RequireMapping(node, path), path, VerifyKeys);
        return new VerifySpec(Optional(map, path, "settle", ParseDuration, VerifySpec.Default.Settle))
        {
            Http = OptionalEntry<HttpCheckSpec?>(map, path, "http", ParseHttpCheck, null),
            Exec = Optional<IReadOnlyList<string>?>(map, path, "exec", ParseArgv, null),
            Timeout = Optional(map, path, "timeout", ParsePositiveDuration, VerifySpec.DefaultTimeout),
        };
    }

    private HttpCheckSpec ParseHttpCheck(Entry entry, string path)
    {
        var map = ReadMapping(RequireMapping(entry.Value, path), path, HttpCheckKeys);
        var url = string.Empty;
        if (map.TryGetValue("url", out var urlEntry))
        {
            url = Read(urlEntry.Value, $"{path}.url", ParseUrl, string.Empty);
        }
        else if (map.IsMissing("url"))
        {
            Report(entry.Key, $"{path}.url", "missing required key 'url' (the URL to GET, e.g. http://127.0.0.1:8080/health)");
        }

        return new HttpCheckSpec(
            url,
            Optional(map, path, "expect_status", ParseStatusCodes, []),
            Optional<string?>(map, path, "body_contains", RequireString, null),
            Optional(map, path, "headers", ParseHeaders, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// An http(s) URL template, without whitespace or control characters, naming a host. Never quoted in messages: it may
    /// hold credentials. Without <c>${VAR}</c> it must also parse as a URL (e.g. its port in range).
    /// </summary>
    private string ParseUrl(YamlNode node, string path)
    {
        var url = RequireString(node, path);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw Error(node, path, "must be an http:// or https:// URL (the scheme cannot come from ${VAR})");
        }

        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw Error(node, path, "cannot contain spaces or control characters (write a space as %20)");
        }

        var variables = RequireSetVariables(node, path, url);
        var authority = url[(scheme + 3)..];
        if (authority.Length == 0 || authority[0] is '/' or '?' or '#'
            || (variables.Count == 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)))
        {
            throw Error(node, path, "is not a valid URL");
        }

        return url;
    }

    /// <summary>Each header on its own; names are case-insensitive and set once.</summary>
    private Dictionary<string, string> ParseHeaders(YamlNode node, string path)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, valueNode) in RequireMapping(node, path).Children)
        {
            if (TryRead(() => ParseHeader(keyNode, valueNode, path, headers), out var header))
            {
                headers.Add(header.Name, header.Value);
            }
        }

        return headers;
    }

    private (string Name, string Value) ParseHeader(YamlNode keyNode, YamlNode valueNode, string path, Dictionary<string, string> earlier)
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

        if (earlier.Keys.FirstOrDefault(existing => string.Equals(existing, name, StringComparison.OrdinalIgnoreCase)) is { } first)
        {
            throw Error(keyNode, headerPath, $"header '{name}' is already set as '{first}' (header names are case-insensitive)");
        }

        var value = RequireString(valueNode, headerPath);
        if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
        {
            throw Error(valueNode, headerPath, "header values cannot contain line breaks");
        }

        RequireSetVariables(valueNode, headerPath, value);
        return (name, value);
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

    /// <summary>RFC 9110 token characters.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
