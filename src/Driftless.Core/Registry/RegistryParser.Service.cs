using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>
/// One service: its keys, its apply mode and the keys that belong to a mode. Rules that relate two keys are judged only
/// when both are known: with an invalid or (apparently) misspelt <c>apply</c>, no mode setting is called misplaced or missing.
/// </summary>
internal sealed partial class RegistryParser
{
    private static readonly string[] ServiceKeys =
        ["container", "inputs", "secrets", "apply", "stop_grace", "verify", "reload", "signal", "exec", "fallback", "on_stale_mount", "depends_on", "managed", "wait", "check"];

    private static readonly string[] ApplyModeNames = ["none", "restart", "recreate", "reload_http", "signal", "exec"];
    private static readonly string[] FallbackModeNames = ["restart", "recreate"];
    private static readonly string[] StaleMountNames = ["restart", "recreate", "fail"];

    private static readonly (string Key, ApplyMode Owner, string What)[] ModeSettings =
    [
        ("reload", ApplyMode.ReloadHttp, "the endpoint to call"),
        ("signal", ApplyMode.Signal, "the signal to send, e.g. SIGHUP"),
        ("exec", ApplyMode.Exec, "the command to run in the container"),
    ];

    private (ServiceSpec Service, DependsOnNodes? DependsOn) ParseService(string name, YamlNode keyNode, YamlNode valueNode)
    {
        var path = $"services.{name}";
        if (name.Length > RegistryLimits.MaxServiceNameLength)
        {
            Report(keyNode, path, $"the compose service name is {name.Length} characters long; at most {RegistryLimits.MaxServiceNameLength} are allowed");
        }
        else if (!ComposeNames.IsValidServiceName(name))
        {
            Report(keyNode, path, $"invalid compose service name '{RegistryText.Value(name)}': use letters, digits, '_', '.' and '-', starting with a letter or digit");
        }

        var line = (int)keyNode.Start.Line;
        var service = Read<Mapping?>(valueNode, path, (node, p) => ReadMapping(RequireMapping(node, p), p, ServiceKeys), null);
        if (service is null)
        {
            return (new ServiceSpec(name, null, [], ApplyMode.Restart, null, VerifySpec.Default, line), null);
        }

        // Keys that managed: excludes are reported once, at the key; their values are not checked as well.
        var managed = service.TryGetValue("managed", out var managedEntry) ? ParseManagedService(service, managedEntry, path) : null;
        // Null when a key looks like a misspelling of managed: then neither its rules nor a compose service's apply.
        bool? isManaged = service.ContainsKey("managed") ? true : service.IsMissing("managed") ? false : null;
        var container = isManaged == true ? null : Optional<string?>(service, path, "container", ParseContainer, null);
        TimeSpan? stopGrace = isManaged == true ? null : Optional<TimeSpan?>(service, path, "stop_grace", (node, p) => ParseDuration(node, p), null);

        var inputs = ParseServiceInputs(service, keyNode, path, isManaged);
        var apply = ParseServiceApply(service, path);
        var verify = Optional(service, path, "verify", ParseVerify, VerifySpec.Default);
        var (reload, signal, exec) = ParseModeSettings(service, apply, keyNode, path);
        var fallback = ParseEscalation(service, apply, path, "fallback", "fallback mode", "modes", FallbackModeNames, text => text == "restart" ? ApplyMode.Restart : ApplyMode.Recreate);
        var onStaleMount = ParseEscalation(service, apply, path, "on_stale_mount", "on_stale_mount action", "actions", StaleMountNames, text => text switch
        {
            "restart" => StaleMountAction.Restart,
            "recreate" => StaleMountAction.Recreate,
            _ => StaleMountAction.Fail,
        });
        var wait = Optional<WaitSpec?>(service, path, "wait", ParseWait, null);
        var dependsOn = Optional<DependsOnNodes?>(service, path, "depends_on", (node, p) => ParseDependsOn(name, node, p), null);
        var check = OptionalEntry<CheckSpec?>(service, path, "check", (entry, p) => ParseCheck(entry, p, DeclaredInputCount(service)), null);

        var spec = new ServiceSpec(name, container, inputs, apply ?? ApplyMode.Restart, stopGrace, verify, line)
        {
            Reload = reload,
            Signal = signal,
            Exec = exec,
            Fallback = fallback,
            OnStaleMount = onStaleMount ?? StaleMountAction.Restart,
            DependsOn = dependsOn?.Names ?? [],
            Managed = managed,
            Wait = wait,
            Check = check,
        };
        return (spec, dependsOn);
    }

    private string ParseContainer(YamlNode node, string path)
    {
        var container = RequireName(node, path);
        if (container.Length > RegistryLimits.MaxContainerNameLength)
        {
            throw Error(node, path, $"the container name is {container.Length} characters long; at most {RegistryLimits.MaxContainerNameLength} are allowed");
        }

        return ComposeNames.IsValidContainerName(container)
            ? container
            : throw Error(node, path, $"invalid container name '{RegistryText.Value(container)}': use at least two of letters, digits, '_', '.' and '-', starting with a letter or digit");
    }

    /// <summary>The mode; null when it is unknown: invalid, or not written while a key looks like a misspelling of <c>apply</c>.</summary>
    private ApplyMode? ParseServiceApply(Mapping service, string path)
    {
        if (service.TryGetValue("apply", out var entry))
        {
            return Read<ApplyMode?>(entry.Value, $"{path}.apply", (node, p) => ParseApply(node, p), null);
        }

        return service.IsMissing("apply") ? ApplyMode.Restart : null;
    }

    private ApplyMode ParseApply(YamlNode node, string path) =>
        ParseChoice(node, path, "apply mode", "modes", ApplyModeNames, ignoreCase: false) switch
        {
            "none" => ApplyMode.None,
            "restart" => ApplyMode.Restart,
            "recreate" => ApplyMode.Recreate,
            "reload_http" => ApplyMode.ReloadHttp,
            "signal" => ApplyMode.Signal,
            _ => ApplyMode.Exec,
        };

    /// <summary>
    /// <c>reload</c>, <c>signal</c>, <c>exec</c>: each is required with its mode and rejected with any other. A setting of
    /// another mode points at the likelier mistake (the mode), so then the mode's own setting is not demanded as well.
    /// </summary>
    private (ReloadSpec? Reload, string? Signal, IReadOnlyList<string>? Exec) ParseModeSettings(Mapping service, ApplyMode? apply, YamlNode serviceKey, string path)
    {
        var misplaced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, owner, _) in ModeSettings)
        {
            if (apply is { } mode && mode != owner && service.TryGetValue(key, out var entry))
            {
                Report(entry.Key, $"{path}.{key}", $"{key}: is only used with apply: {owner.Name()}");
                misplaced.Add(key);
            }
        }

        foreach (var (key, owner, what) in ModeSettings)
        {
            if (apply == owner && misplaced.Count == 0 && service.IsMissing(key))
            {
                Report(serviceKey, $"{path}.{key}", $"missing required key '{key}' ({what}); apply: {owner.Name()} needs it");
            }
        }

        return (
            misplaced.Contains("reload") ? null : OptionalEntry<ReloadSpec?>(service, path, "reload", ParseReload, null),
            misplaced.Contains("signal") ? null : Optional<string?>(service, path, "signal", ParseReloadSignal, null),
            misplaced.Contains("exec") ? null : Optional<IReadOnlyList<string>?>(service, path, "exec", ParseArgv, null));
    }

    /// <summary><c>fallback</c> or <c>on_stale_mount</c>: only with an in-place mode. Rejected there, its value is not checked as well.</summary>
    private T? ParseEscalation<T>(Mapping service, ApplyMode? apply, string path, string key, string noun, string pluralNoun, string[] names, Func<string, T> toValue)
        where T : struct
    {
        if (!service.TryGetValue(key, out var entry))
        {
            return null;
        }

        var keyPath = $"{path}.{key}";
        if (apply is { } mode && !mode.IsInPlace())
        {
            Report(entry.Key, keyPath, $"{key}: is only used with an in-place apply mode (reload_http, signal, exec), not apply: {mode.Name()}");
            return null;
        }

        return Read<T?>(entry.Value, keyPath, (node, p) => toValue(ParseChoice(node, p, noun, pluralNoun, names, ignoreCase: false)), null);
    }
}
