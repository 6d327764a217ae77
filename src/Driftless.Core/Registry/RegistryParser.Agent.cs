using System.Globalization;
using System.Net;
using System.Net.Sockets;
using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>The agent's registry-level settings: <c>tick</c>, <c>wait</c> (also per service) and <c>agent:</c>.</summary>
internal sealed partial class RegistryParser
{
    private static readonly string[] AgentKeys = ["listen", "token_file", "token_env", "poll", "watch"];
    private static readonly string[] WaitKeys = ["min", "max"];
    private static readonly string[] WatchNames = ["auto", "poll"];

    private AgentSettings ParseAgentSettings(Dictionary<string, Entry> top)
    {
        var defaults = AgentSettings.Default;
        var tick = top.TryGetValue("tick", out var tickEntry)
            ? ParsePositiveDuration(tickEntry.Value, "tick")
            : defaults.Tick;
        var wait = top.TryGetValue("wait", out var waitEntry)
            ? ParseWait(waitEntry.Value, "wait")
            : defaults.Wait;
        var settings = defaults with { Tick = tick, Wait = wait };
        return top.TryGetValue("agent", out var agentEntry)
            ? ParseAgent(agentEntry.Value, settings)
            : settings;
    }

    private AgentSettings ParseAgent(YamlNode node, AgentSettings settings)
    {
        const string path = "agent";
        var map = ReadMapping(RequireMapping(node, path), path, AgentKeys);
        if (map.TryGetValue("token_file", out var fileEntry) && map.TryGetValue("token_env", out var envEntry))
        {
            var second = fileEntry.Key.Start.Line > envEntry.Key.Start.Line || (fileEntry.Key.Start.Line == envEntry.Key.Start.Line && fileEntry.Key.Start.Column > envEntry.Key.Start.Column)
                ? (Entry: fileEntry, Key: "token_file")
                : (Entry: envEntry, Key: "token_env");
            throw Error(second.Entry.Key, $"{path}.{second.Key}", "set either token_file or token_env, not both");
        }

        return settings with
        {
            Listen = map.TryGetValue("listen", out var listenEntry) ? ParseListen(listenEntry.Value, $"{path}.listen") : settings.Listen,
            TokenFile = map.TryGetValue("token_file", out var tokenFile)
                ? Path.GetFullPath(RequireString(tokenFile.Value, $"{path}.token_file"), _baseDirectory)
                : null,
            TokenEnv = map.TryGetValue("token_env", out var tokenEnv) ? ParseVariableName(tokenEnv.Value, $"{path}.token_env") : null,
            PollInterval = map.TryGetValue("poll", out var pollEntry) ? ParsePositiveDuration(pollEntry.Value, $"{path}.poll") : settings.PollInterval,
            Watch = map.TryGetValue("watch", out var watchEntry)
                ? ParseChoice(watchEntry.Value, $"{path}.watch", "watch method", "methods", WatchNames, ignoreCase: false) == "poll" ? WatchMethod.Poll : WatchMethod.Auto
                : settings.Watch,
        };
    }

    /// <summary>
    /// <c>{min, max}</c>. An omitted bound defaults (500ms, 5s) but never contradicts the written one:
    /// <c>{min: 10s}</c> waits at most 10s, <c>{max: 100ms}</c> at least 100ms.
    /// </summary>
    private WaitSpec ParseWait(YamlNode node, string path)
    {
        var map = ReadMapping(RequireMapping(node, path), path, WaitKeys);
        var hasMin = map.TryGetValue("min", out var minEntry);
        var hasMax = map.TryGetValue("max", out var maxEntry);
        var min = hasMin ? ParseDuration(minEntry.Value, $"{path}.min") : WaitSpec.Default.Min;
        var max = hasMax ? ParsePositiveDuration(maxEntry.Value, $"{path}.max") : WaitSpec.Default.Max;
        if (!hasMin)
        {
            min = min <= max ? min : max;
        }
        else if (!hasMax)
        {
            max = max >= min ? max : min;
        }
        else if (max < min)
        {
            throw Error(maxEntry.Value, $"{path}.max", $"must not be shorter than min ({RequireString(minEntry.Value, $"{path}.min")})");
        }

        return new WaitSpec(min, max);
    }

    /// <summary><c>host:port</c>: an IPv4 address, <c>[IPv6]</c>, or a host name; port 1-65535.</summary>
    private string ParseListen(YamlNode node, string path)
    {
        var text = RequireString(node, path);
        const string usage = "use host:port, e.g. 127.0.0.1:7411, [::1]:7411 or localhost:7411";
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                throw Error(node, path, $"invalid address '{text}'; {usage}");
            }

            host = text[1..close];
            port = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw Error(node, path, $"'{host}' is not an IPv6 address; {usage}");
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw Error(node, path, $"invalid address '{text}'; {usage} (IPv6 addresses go in brackets)");
            }

            host = text[..colon];
            port = text[(colon + 1)..];
            if (Uri.CheckHostName(host) is not (UriHostNameType.IPv4 or UriHostNameType.Dns))
            {
                throw Error(node, path, $"'{host}' is not an IPv4 address or host name; {usage}");
            }
        }

        if (!TryParsePort(port, out _))
        {
            throw Error(node, path, $"invalid port '{port}'; a port is a number from 1 to 65535");
        }

        return text;
    }

    private string ParseVariableName(YamlNode node, string path)
    {
        var name = RequireString(node, path);
        return IsVariableName(name)
            ? name
            : throw Error(node, path, $"'{name}' is not an environment variable name: use letters, digits and '_', not starting with a digit");
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
