using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>
/// <c>check:</c> — argv that validates the new configuration before an apply. Placeholders are judged only when
/// <c>where</c> is known: with an invalid or (apparently) misspelt <c>where</c>, an argument is neither literal nor expanded.
/// </summary>
internal sealed partial class RegistryParser
{
    private static readonly string[] CheckKeys = ["exec", "timeout", "where"];
    private static readonly string[] CheckLocationNames = ["container", "host"];

    private const string CheckExample = "[caddy, validate, --config, /etc/caddy/Caddyfile]";

    /// <param name="inputCount">The inputs the service declares (<c>inputs:</c> and <c>secrets:</c> items as written), for <c>{input:N}</c>.</param>
    private CheckSpec ParseCheck(Entry entry, string path, int inputCount)
    {
        var map = ReadMapping(RequireMapping(entry.Value, path), path, CheckKeys);
        var timeout = Optional(map, path, "timeout", ParseCheckTimeout, CheckSpec.DefaultTimeout);
        CheckLocation? where = map.TryGetValue("where", out var whereEntry)
            ? Read<CheckLocation?>(whereEntry.Value, $"{path}.where", (node, p) => ParseCheckLocation(node, p), null)
            : map.IsMissing("where") ? CheckLocation.Container : null;

        IReadOnlyList<string> exec = [];
        if (map.TryGetValue("exec", out var execEntry))
        {
            exec = Read<IReadOnlyList<string>>(execEntry.Value, $"{path}.exec", (node, p) => ParseCheckArgv(node, p, where, inputCount), []);
        }
        else if (map.IsMissing("exec"))
        {
            Report(entry.Key, $"{path}.exec", $"missing required key 'exec' (the command that validates the new configuration, e.g. {CheckExample})");
        }

        return new CheckSpec(exec, timeout, where ?? CheckLocation.Container);
    }

    private TimeSpan ParseCheckTimeout(YamlNode node, string path)
    {
        var timeout = ParsePositiveDuration(node, path);
        return timeout <= CheckSpec.MaxTimeout
            ? timeout
            : throw Error(node, path, "must be at most 10m: a check holds up every apply of its service");
    }

    private CheckLocation ParseCheckLocation(YamlNode node, string path) =>
        ParseChoice(node, path, "check location", "locations", CheckLocationNames, ignoreCase: false) == "host"
            ? CheckLocation.Host
            : CheckLocation.Container;

    private IReadOnlyList<string> ParseCheckArgv(YamlNode node, string path, CheckLocation? where, int inputCount)
    {
        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            throw Error(node, path, $"must be a list, not a string: a check runs argv, never a shell; write the program and each argument as an item, e.g. {CheckExample}");
        }

        var list = RequireSequence(node, path);
        return list.Children.Count == 0
            ? throw Error(list, path, $"must list the command and its arguments, e.g. {CheckExample}")
            : ReadItems(list, path, (item, itemPath) => ParseCheckArgument(item, itemPath, where, inputCount));
    }

    private string ParseCheckArgument(YamlNode node, string path, CheckLocation? where, int inputCount)
    {
        var argument = RequireString(node, path);
        if (where == CheckLocation.Container && CheckPlaceholders.LooksLikePlaceholder(argument))
        {
            throw Error(node, path, "placeholders such as {input} are only expanded with where: host; a container check sees the inputs at the paths the service mounts them, so write those paths");
        }

        return where == CheckLocation.Host && CheckPlaceholders.Problem(argument, inputCount) is { } problem
            ? throw Error(node, path, problem)
            : argument;
    }
}
