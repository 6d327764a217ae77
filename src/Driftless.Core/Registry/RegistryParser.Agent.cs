using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>Registry-level settings: <c>tick</c>, <c>wait</c> (also per service), <c>agent:</c> and <c>history:</c>.</summary>
internal sealed partial class RegistryParser
{
    private static readonly string[] AgentKeys = ["listen", "token_file", "token_env", "poll", "watch"];
    private static readonly string[] WaitKeys = ["min", "max"];
    private static readonly string[] HistoryKeys = ["keep", "max_age"];
    private static readonly string[] WatchNames = ["auto", "poll"];

    private AgentSettings ParseAgentSettings(Mapping top)
    {
        var defaults = AgentSettings.Default;
        var settings = defaults with
        {
            Tick = Optional(top, null, "tick", ParsePositiveDuration, defaults.Tick),
            Wait = Optional(top, null, "wait", ParseWait, defaults.Wait),
        };
        return Optional(top, null, "agent", (node, path) => ParseAgent(node, path, settings), settings);
    }

    private AgentSettings ParseAgent(YamlNode node, string path, AgentSettings settings)
    {
        var map = ReadMapping(RequireMapping(node, path), path, AgentKeys);
        if (map.TryGetValue("token_file", out var fileEntry) && map.TryGetValue("token_env", out var envEntry))
        {
            var second = fileEntry.Key.Start.Line > envEntry.Key.Start.Line || (fileEntry.Key.Start.Line == envEntry.Key.Start.Line && fileEntry.Key.Start.Column > envEntry.Key.Start.Column)
                ? (Entry: fileEntry, Key: "token_file")
                : (Entry: envEntry, Key: "token_env");
            Report(second.Entry.Key, $"{path}.{second.Key}", "set either token_file or token_env, not both");
        }

        return settings with
        {
            Listen = Optional(map, path, "listen", ParseListen, settings.Listen),
            TokenFile = Optional<string?>(map, path, "token_file", (value, p) => Path.GetFullPath(RequireString(value, p), _baseDirectory), null),
            TokenEnv = Optional<string?>(map, path, "token_env", ParseVariableName, null),
            PollInterval = Optional(map, path, "poll", ParsePositiveDuration, settings.PollInterval),
            Watch = Optional(
                map, path, "watch", (value, p) => ParseChoice(value, p, "watch method", "methods", WatchNames, ignoreCase: false) == "poll" ? WatchMethod.Poll : WatchMethod.Auto, settings.Watch),
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
        var min = WaitSpec.Default.Min;
        var max = WaitSpec.Default.Max;
        var valid = (!hasMin || TryRead(() => ParseDuration(minEntry.Value, $"{path}.min"), out min))
            & (!hasMax || TryRead(() => ParsePositiveDuration(maxEntry.Value, $"{path}.max"), out max));
        if (!valid)
        {
            return WaitSpec.Default;
        }

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
            throw Error(maxEntry.Value, $"{path}.max", $"must not be shorter than min ({((YamlScalarNode)minEntry.Value).Value})");
        }

        return new WaitSpec(min, max);
    }

    private HistorySettings ParseHistory(YamlNode node, string path)
    {
        var map = ReadMapping(RequireMapping(node, path), path, HistoryKeys);
        return new HistorySettings(
            Optional(map, path, "keep", ParseKeep, HistorySettings.DefaultKeep),
            Optional<TimeSpan?>(map, path, "max_age", (value, p) => ParsePositiveDuration(value, p), null));
    }

    private int ParseKeep(YamlNode node, string path) =>
        node is YamlScalarNode scalar && YamlScalars.TryGetInteger(scalar, out var keep) && keep >= 1 && keep <= int.MaxValue
            ? (int)keep
            : throw Error(node, path, $"must be a whole number of events from 1 to {int.MaxValue.ToString(CultureInfo.InvariantCulture)}, not {Describe(node)}");

    /// <summary><c>host:port</c>: an IPv4 address, <c>[IPv6]</c>, or a host name (<see cref="AddressSyntax"/>); port 1-65535.</summary>
    private string ParseListen(YamlNode node, string path)
    {
        var text = RequireString(node, path);
        const string usage = "use host:port, e.g. 127.0.0.1:7411, [::1]:7411 or localhost:7411";
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                throw Error(node, path, $"invalid address '{text}'; {usage}");
            }

            var host = text[1..close];
            port = text[(close + 2)..];
            if (!AddressSyntax.IsIPv6(host))
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

            var host = text[..colon];
            port = text[(colon + 1)..];
            if (!AddressSyntax.IsIPv4(host) && !AddressSyntax.IsHostName(host))
            {
                throw Error(node, path, $"'{host}' is not an IPv4 address or host name; {usage}");
            }
        }

        return TryParsePort(port, out _)
            ? text
            : throw Error(node, path, $"invalid port '{port}'; a port is a number from 1 to 65535");
    }

    private string ParseVariableName(YamlNode node, string path)
    {
        var name = RequireName(node, path);
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
