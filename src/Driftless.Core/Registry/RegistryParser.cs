using Driftless.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>
/// Validates one registry document node by node, so every error can name its line, column and key path. Like YARP's
/// ConfigValidator it validates everything, then fails: one <see cref="RegistryException"/> carries every problem of the
/// file, so a user fixes them all in one round. The grammar is the one <c>schema/driftless.schema.json</c> describes;
/// a test holds the two to the same verdict on every registry test case.
/// </summary>
internal sealed partial class RegistryParser(string filePath, Func<string, string?> environment)
{
    private static readonly string[] TopKeys = ["version", "project", "compose", "state", "tick", "wait", "agent", "history", "services"];
    private static readonly string[] ComposeKeys = ["files"];
    private static readonly string[] DefaultComposeFiles = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    private readonly string _baseDirectory = Path.GetDirectoryName(filePath) ?? Path.GetPathRoot(filePath)!;

    /// <summary>The file as its errors name it: a path may hold control characters too.</summary>
    private readonly string _shownFile = RegistryText.Escape(filePath);

    /// <exception cref="RegistryException">Every problem of the file, sorted by line then column.</exception>
    public DriftlessRegistry Parse(string text)
    {
        try
        {
            return ParseDocument(text);
        }
        catch (InvalidValue e)
        {
            // A value read outside every boundary (a bug) still ends as the documented RegistryException.
            _errors.Add(e.Error);
            ThrowIfAnyError();
            throw;
        }
    }

    private DriftlessRegistry ParseDocument(string text)
    {
        var root = LoadRoot(text);
        var top = ReadMapping(root, null, TopKeys);

        ParseVersion(root, top);
        var project = ParseProject(root, top);
        var composeFiles = ParseCompose(top);
        var state = Optional(top, null, "state", (node, path) => Path.GetFullPath(RequireString(node, path), _baseDirectory), Path.Combine(_baseDirectory, ".driftless"));
        var agent = ParseAgentSettings(top);
        var history = Optional(top, null, "history", ParseHistory, HistorySettings.Default);
        var services = ParseServices(root, top);

        ThrowIfAnyError();
        return new DriftlessRegistry(filePath, _baseDirectory, project, composeFiles, state, services)
        {
            Agent = agent,
            History = history,
        };
    }

    private void ParseVersion(YamlMappingNode root, Mapping top)
    {
        if (!top.TryGetValue("version", out var entry))
        {
            if (top.IsMissing("version"))
            {
                Report(root, "version", "missing required key 'version' (must be 1)");
            }

            return;
        }

        if (entry.Value is not YamlScalarNode scalar || !YamlScalars.TryGetInteger(scalar, out var version))
        {
            Report(entry.Value, "version", $"must be the number 1, not {Describe(entry.Value)}");
        }
        else if (version != 1)
        {
            // Another version is another grammar: whatever else this parser found would only be noise.
            throw Alone(entry.Value, "version", $"unsupported version {version}; this driftless reads version 1");
        }
    }

    private string ParseProject(YamlMappingNode root, Mapping top)
    {
        if (top.TryGetValue("project", out var entry))
        {
            return Read(entry.Value, "project", ReadProjectName, string.Empty);
        }

        var directoryName = Path.GetFileName(Path.TrimEndingDirectorySeparator(_baseDirectory));
        var derived = ComposeNames.NormalizeProjectName(directoryName);
        if (derived.Length == 0 && top.IsMissing("project"))
        {
            Report(root, "project", $"cannot derive a compose project name from the directory name '{RegistryText.Value(directoryName)}'; set 'project'");
        }

        return derived;
    }

    private string ReadProjectName(YamlNode node, string path)
    {
        var project = RequireName(node, path);
        if (project.Length > RegistryLimits.MaxProjectNameLength)
        {
            throw Error(node, path, $"the compose project name is {project.Length} characters long; at most {RegistryLimits.MaxProjectNameLength} are allowed");
        }

        if (ComposeNames.IsValidProjectName(project))
        {
            return project;
        }

        var normalised = ComposeNames.NormalizeProjectName(project);
        var hint = normalised.Length > 0 ? $"; did you mean '{normalised}'?" : string.Empty;
        throw Error(node, path, $"invalid compose project name '{RegistryText.Value(project)}': use lowercase letters, digits, '_' and '-', starting with a letter or digit{hint}");
    }

    private List<string> ParseCompose(Mapping top)
    {
        if (top.TryGetValue("compose", out var entry))
        {
            var compose = Read<Mapping?>(entry.Value, "compose", (node, path) => ReadMapping(RequireMapping(node, path), path, ComposeKeys), null);
            if (compose is not null && compose.TryGetValue("files", out var filesEntry))
            {
                return Read(filesEntry.Value, "compose.files", (node, path) => ReadItems(RequireSequence(node, path), path, ReadComposeFile), []);
            }
        }

        return DefaultComposeFiles
            .Select(name => Path.Combine(_baseDirectory, name))
            .Where(File.Exists)
            .Take(1)
            .ToList();
    }

    private string ReadComposeFile(YamlNode node, string path)
    {
        var full = Path.GetFullPath(RequireString(node, path), _baseDirectory);
        return File.Exists(full) ? full : throw Error(node, path, $"compose file does not exist: {full}");
    }

    private List<ServiceSpec> ParseServices(YamlMappingNode root, Mapping top)
    {
        if (!top.TryGetValue("services", out var entry))
        {
            if (top.IsMissing("services"))
            {
                Report(root, "services", "missing required key 'services' (a mapping of compose service name to its inputs)");
            }

            return [];
        }

        var servicesNode = Read<YamlMappingNode?>(entry.Value, "services", (node, path) => RequireMapping(node, path), null);
        if (servicesNode is null)
        {
            return [];
        }

        if (servicesNode.Children.Count == 0)
        {
            Report(servicesNode, "services", "must declare at least one service");
            return [];
        }

        var services = new List<ServiceSpec>(servicesNode.Children.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var dependencies = new List<DependsOnNodes?>(servicesNode.Children.Count);
        foreach (var (keyNode, valueNode) in servicesNode.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } scalar || IsNull(scalar))
            {
                Report(keyNode, "services", $"service names must be strings, not {Describe(keyNode)}");
                continue;
            }

            // YAML reports duplicate keys, but not two spellings of one (1 and "1"); the order of services needs unique names.
            if (!names.Add(name))
            {
                Report(keyNode, $"services.{name}", $"duplicate key '{RegistryText.Value(name)}'");
                continue;
            }

            var (service, dependsOn) = ParseService(name, keyNode, valueNode);
            services.Add(service);
            dependencies.Add(dependsOn);
        }

        ValidateDependencies(services, dependencies);
        return services;
    }
}
