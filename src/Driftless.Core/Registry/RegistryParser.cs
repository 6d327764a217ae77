using System.Globalization;
using Driftless.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>Validates one registry document node by node, so every error can name its line, column and key path.</summary>
internal sealed partial class RegistryParser(string filePath, Func<string, string?> environment)
{
    private static readonly string[] TopKeys = ["version", "project", "compose", "state", "tick", "wait", "agent", "services"];
    private static readonly string[] ComposeKeys = ["files"];
    private static readonly string[] ServiceKeys =
        ["container", "inputs", "apply", "stop_grace", "verify", "reload", "signal", "exec", "fallback", "on_stale_mount", "depends_on", "managed", "wait"];
    private static readonly string[] VerifyKeys = ["settle", "http", "exec", "timeout"];
    private static readonly string[] ApplyModeNames = ["none", "restart", "recreate", "reload_http", "signal", "exec"];
    private static readonly string[] DefaultComposeFiles = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    private readonly string _baseDirectory = Path.GetDirectoryName(filePath) ?? Path.GetPathRoot(filePath)!;

    public DriftlessRegistry Parse(string text)
    {
        var root = LoadRoot(text);
        var top = ReadMapping(root, null, TopKeys);

        ParseVersion(root, top);
        var project = ParseProject(root, top);
        var composeFiles = ParseCompose(top);
        var state = top.TryGetValue("state", out var stateEntry)
            ? Path.GetFullPath(RequireString(stateEntry.Value, "state"), _baseDirectory)
            : Path.Combine(_baseDirectory, ".driftless");
        var agent = ParseAgentSettings(top);

        if (!top.TryGetValue("services", out var servicesEntry))
        {
            throw Error(root, "services", "missing required key 'services' (a mapping of compose service name to its inputs)");
        }

        var servicesNode = RequireMapping(servicesEntry.Value, "services");
        if (servicesNode.Children.Count == 0)
        {
            throw Error(servicesNode, "services", "must declare at least one service");
        }

        var services = new List<ServiceSpec>(servicesNode.Children.Count);
        var dependencies = new List<DependsOnNodes?>(servicesNode.Children.Count);
        foreach (var (keyNode, valueNode) in servicesNode.Children)
        {
            var (service, dependsOn) = ParseService(keyNode, valueNode);
            services.Add(service);
            dependencies.Add(dependsOn);
        }

        ValidateDependencies(services, dependencies);

        return new DriftlessRegistry(filePath, _baseDirectory, project, composeFiles, state, services)
        {
            Agent = agent,
        };
    }

    private YamlMappingNode LoadRoot(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var path = YamlKeyPathLocator.Locate(text, e.Start.Line, e.Start.Column);
            var problem = e.Message.StartsWith("Duplicate key", StringComparison.Ordinal)
                ? $"duplicate key '{LastSegment(path)}'"
                : $"YAML syntax error: {Innermost(e).Message}";
            throw new RegistryException(filePath, (int)e.Start.Line, (int)e.Start.Column, path, problem, e);
        }
        catch (InvalidOperationException e)
        {
            var (line, column, path) = YamlKeyPathLocator.LocateFailure(text);
            throw new RegistryException(filePath, (int)line, (int)column, path, "YAML syntax error: cannot parse here (an unclosed '[', '{' or quote?)", e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new RegistryException(filePath, 1, 1, null, "the registry file is empty (expected a mapping with 'version' and 'services')");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw Error(second, null, "the registry file must hold exactly one YAML document");
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode scalar && IsNull(scalar))
        {
            throw new RegistryException(filePath, 1, 1, null, "the registry file is empty (expected a mapping with 'version' and 'services')");
        }

        return root as YamlMappingNode
            ?? throw Error(root, null, $"the top level must be a mapping with 'version' and 'services', not {Describe(root)}");
    }

    private void ParseVersion(YamlMappingNode root, Dictionary<string, Entry> top)
    {
        if (!top.TryGetValue("version", out var entry))
        {
            throw Error(root, "version", "missing required key 'version' (must be 1)");
        }

        if (entry.Value is not YamlScalarNode { Style: ScalarStyle.Plain } scalar
            || IsNull(scalar)
            || !long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version))
        {
            throw Error(entry.Value, "version", $"must be the number 1, not {Describe(entry.Value)}");
        }

        if (version != 1)
        {
            throw Error(entry.Value, "version", $"unsupported version {version}; this driftless reads version 1");
        }
    }

    private string ParseProject(YamlMappingNode root, Dictionary<string, Entry> top)
    {
        if (top.TryGetValue("project", out var entry))
        {
            var project = RequireString(entry.Value, "project");
            if (!ComposeNames.IsValidProjectName(project))
            {
                var normalised = ComposeNames.NormalizeProjectName(project);
                var hint = normalised.Length > 0 ? $"; did you mean '{normalised}'?" : string.Empty;
                throw Error(entry.Value, "project", $"invalid compose project name '{project}': use lowercase letters, digits, '_' and '-', starting with a letter or digit{hint}");
            }

            return project;
        }

        var directoryName = Path.GetFileName(Path.TrimEndingDirectorySeparator(_baseDirectory));
        var derived = ComposeNames.NormalizeProjectName(directoryName);
        return derived.Length > 0
            ? derived
            : throw Error(root, "project", $"cannot derive a compose project name from the directory name '{directoryName}'; set 'project'");
    }

    private List<string> ParseCompose(Dictionary<string, Entry> top)
    {
        if (top.TryGetValue("compose", out var entry))
        {
            var compose = ReadMapping(RequireMapping(entry.Value, "compose"), "compose", ComposeKeys);
            if (compose.TryGetValue("files", out var filesEntry))
            {
                var files = new List<string>();
                var list = RequireSequence(filesEntry.Value, "compose.files");
                for (var i = 0; i < list.Children.Count; i++)
                {
                    var item = list.Children[i];
                    var keyPath = $"compose.files[{i}]";
                    var full = Path.GetFullPath(RequireString(item, keyPath), _baseDirectory);
                    if (!File.Exists(full))
                    {
                        throw Error(item, keyPath, $"compose file does not exist: {full}");
                    }

                    files.Add(full);
                }

                return files;
            }
        }

        return DefaultComposeFiles
            .Select(name => Path.Combine(_baseDirectory, name))
            .Where(File.Exists)
            .Take(1)
            .ToList();
    }

    private (ServiceSpec Service, DependsOnNodes? DependsOn) ParseService(YamlNode keyNode, YamlNode valueNode)
    {
        var name = keyNode is YamlScalarNode { Value: { } value } && !IsNull((YamlScalarNode)keyNode)
            ? value
            : throw Error(keyNode, "services", $"service names must be strings, not {Describe(keyNode)}");
        var path = $"services.{name}";
        if (!ComposeNames.IsValidServiceName(name))
        {
            throw Error(keyNode, path, $"invalid compose service name '{name}': use letters, digits, '_', '.' and '-', starting with a letter or digit");
        }

        var service = ReadMapping(RequireMapping(valueNode, path), path, ServiceKeys);

        string? container = null;
        if (service.TryGetValue("container", out var containerEntry))
        {
            container = RequireString(containerEntry.Value, $"{path}.container");
            if (!ComposeNames.IsValidContainerName(container))
            {
                throw Error(containerEntry.Value, $"{path}.container", $"invalid container name '{container}': use at least two of letters, digits, '_', '.' and '-', starting with a letter or digit");
            }
        }

        if (!service.TryGetValue("inputs", out var inputsEntry))
        {
            throw Error(keyNode, $"{path}.inputs", "missing required key 'inputs' (the files and directories the service reads)");
        }

        var inputs = ParseInputs(inputsEntry.Value, $"{path}.inputs");

        var apply = ApplyMode.Restart;
        if (service.TryGetValue("apply", out var applyEntry))
        {
            apply = ParseApply(applyEntry.Value, $"{path}.apply");
        }

        TimeSpan? stopGrace = service.TryGetValue("stop_grace", out var graceEntry)
            ? ParseDuration(graceEntry.Value, $"{path}.stop_grace")
            : null;

        var verify = service.TryGetValue("verify", out var verifyEntry)
            ? ParseVerify(verifyEntry.Value, $"{path}.verify")
            : VerifySpec.Default;

        RejectMisplacedModeSettings(service, apply, path);
        var reload = ModeSetting(service, "reload", apply, ApplyMode.ReloadHttp, keyNode, path, "the endpoint to call", ParseReload);
        var signal = ModeSetting(service, "signal", apply, ApplyMode.Signal, keyNode, path, "the signal to send, e.g. SIGHUP", ParseSignal);
        var exec = ModeSetting(service, "exec", apply, ApplyMode.Exec, keyNode, path, "the command to run in the container", ParseArgv);

        ApplyMode? fallback = null;
        if (service.TryGetValue("fallback", out var fallbackEntry))
        {
            RequireInPlace(fallbackEntry, apply, $"{path}.fallback");
            fallback = ParseChoice(fallbackEntry.Value, $"{path}.fallback", "fallback mode", "modes", FallbackModeNames, ignoreCase: false) switch
            {
                "restart" => ApplyMode.Restart,
                _ => ApplyMode.Recreate,
            };
        }

        var onStaleMount = StaleMountAction.Restart;
        if (service.TryGetValue("on_stale_mount", out var staleEntry))
        {
            RequireInPlace(staleEntry, apply, $"{path}.on_stale_mount");
            onStaleMount = ParseChoice(staleEntry.Value, $"{path}.on_stale_mount", "on_stale_mount action", "actions", StaleMountNames, ignoreCase: false) switch
            {
                "restart" => StaleMountAction.Restart,
                "recreate" => StaleMountAction.Recreate,
                _ => StaleMountAction.Fail,
            };
        }

        var (managed, wait) = ParseAgentServiceKeys(service, path);

        var dependsOn = service.TryGetValue("depends_on", out var dependsEntry)
            ? ParseDependsOn(name, dependsEntry.Value, $"{path}.depends_on")
            : null;

        var spec = new ServiceSpec(name, container, inputs, apply, stopGrace, verify, (int)keyNode.Start.Line)
        {
            Reload = reload,
            Signal = signal,
            Exec = exec,
            Fallback = fallback,
            OnStaleMount = onStaleMount,
            DependsOn = dependsOn?.Names ?? [],
            Managed = managed,
            Wait = wait,
        };
        return (spec, dependsOn);
    }
    private List<InputSpec> ParseInputs(YamlNode node, string path)
    {
        var list = RequireSequence(node, path);
        if (list.Children.Count == 0)
        {
            throw Error(list, path, "must list at least one file or directory");
        }

        var inputs = new List<InputSpec>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemPath = $"{path}[{i}]";
            var declared = RequireString(item, itemPath);
            if (!InputResolver.TryResolve(declared, _baseDirectory, out var input, out var problem))
            {
                throw Error(item, itemPath, problem);
            }

            inputs.Add(input);
        }

        return inputs;
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

    /// <summary>One of <paramref name="names"/>; as listed (so with <paramref name="ignoreCase"/>, in the listed case).</summary>
    private string ParseChoice(YamlNode node, string path, string noun, string pluralNoun, string[] names, bool ignoreCase)
    {
        var text = RequireString(node, path);
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return names.FirstOrDefault(name => string.Equals(name, text, comparison))
            ?? throw Error(node, path, $"unknown {noun} '{text}'; valid {pluralNoun}: {string.Join(", ", names)}"
                + (KeySuggester.Suggest(text, names) is { } close ? $" (did you mean '{close}'?)" : string.Empty));
    }
    private TimeSpan ParseDuration(YamlNode node, string path)
    {
        var text = RequireString(node, path);
        return DurationParser.TryParse(text, out var duration)
            ? duration
            : throw Error(node, path, $"invalid duration '{text}'; use a number with a unit, e.g. {DurationParser.Examples}");
    }

    private Dictionary<string, Entry> ReadMapping(YamlMappingNode node, string? path, string[] validKeys)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalar || IsNull(scalar))
            {
                throw Error(keyNode, path, $"keys must be strings, not {Describe(keyNode)}");
            }

            if (!validKeys.Contains(key, StringComparer.Ordinal))
            {
                throw Error(keyNode, Child(path, key), $"unknown key '{key}'; {KeySuggester.Hint(key, validKeys, "keys")}");
            }

            entries[key] = new Entry(keyNode, valueNode);
        }

        return entries;
    }

    private string RequireString(YamlNode node, string path) =>
        node is YamlScalarNode { Value: { } value } scalar && !IsNull(scalar) && value.Length > 0
            ? value
            : throw Error(node, path, $"must be a non-empty string, not {Describe(node)}");

    private YamlMappingNode RequireMapping(YamlNode node, string path) =>
        node as YamlMappingNode ?? throw Error(node, path, $"must be a mapping, not {Describe(node)}");

    private YamlSequenceNode RequireSequence(YamlNode node, string path) =>
        node as YamlSequenceNode ?? throw Error(node, path, $"must be a list (e.g. [a, b]), not {Describe(node)}");

    private RegistryException Error(YamlNode node, string? keyPath, string problem) =>
        new(filePath, (int)node.Start.Line, (int)node.Start.Column, keyPath, problem);

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "an empty value",
        YamlScalarNode { Value: { } value } => $"'{value}'",
        _ => "an alias",
    };

    private static string Child(string? path, string key) => path is null ? key : $"{path}.{key}";

    private static string? LastSegment(string? path) => path?[(path.LastIndexOf('.') + 1)..];

    private static Exception Innermost(Exception e) => e.InnerException is YamlException inner ? Innermost(inner) : e;

    private readonly record struct Entry(YamlNode Key, YamlNode Value);
}
