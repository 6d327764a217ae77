using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>
/// <c>inputs:</c> and <c>secrets:</c>. An input is a path, or <c>{path: …, secret: true}</c>; every entry of
/// <c>secrets:</c> is a secret input. A secret input's path is listed once, and not inside a directory input that is not
/// secret: else a plain hash of the same bytes would be recorded beside the keyed one.
/// </summary>
internal sealed partial class RegistryParser
{
    private static readonly string[] InputEntryKeys = ["path", "secret"];

    private readonly record struct DeclaredInput(InputSpec Input, YamlNode Node, string Path);

    /// <summary>A managed container may read no files at all (its spec is the whole config); every other service exists here for its inputs.</summary>
    private List<InputSpec> ParseServiceInputs(Mapping service, YamlNode serviceKey, string path, bool? isManaged)
    {
        var inputs = OptionalInputList(service, path, "inputs", ParseInputEntry);
        var secrets = OptionalInputList(service, path, "secrets", ParseSecret);

        if (isManaged == false && service.IsMissing("inputs") && service.IsMissing("secrets"))
        {
            Report(serviceKey, $"{path}.inputs", "missing required key 'inputs' (the files and directories the service reads)");
        }

        if (isManaged == false && service.TryGetValue("inputs", out var entry) && entry.Value is YamlSequenceNode { Children.Count: 0 } && !service.ContainsKey("secrets"))
        {
            Report(entry.Value, $"{path}.inputs", "must list at least one file or directory");
        }

        if (service.TryGetValue("secrets", out var secretsEntry) && secretsEntry.Value is YamlSequenceNode { Children.Count: 0 })
        {
            Report(secretsEntry.Value, $"{path}.secrets", "must list at least one file or directory (leave the key out when the service has no secrets)");
        }

        var all = inputs.Concat(secrets).ToList();
        ReportSecretsListedAsPlain(all);
        return all.Select(declared => declared.Input).ToList();
    }

    /// <summary>How many inputs the service declares, valid or not: what <c>{input:N}</c> counts.</summary>
    private static int DeclaredInputCount(Mapping service) =>
        new[] { "inputs", "secrets" }.Sum(key => service.TryGetValue(key, out var entry) && entry.Value is YamlSequenceNode list ? list.Children.Count : 0);

    private List<DeclaredInput> OptionalInputList(Mapping service, string path, string key, Func<YamlNode, string, DeclaredInput?> read)
    {
        var declared = Optional(service, path, key, (node, p) => ReadItems(RequireSequence(node, p), p, read), []);
        return declared.OfType<DeclaredInput>().ToList();
    }

    private DeclaredInput? ParseSecret(YamlNode node, string path) => new(ParseInput(node, path) with { Secret = true }, node, path);

    /// <summary>A path, or <c>{path: …, secret: true|false}</c>; null when <c>path</c> is left out under a key that looks like a misspelling of it (reported there).</summary>
    private DeclaredInput? ParseInputEntry(YamlNode node, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            return new(ParseInput(node, path), node, path);
        }

        var map = ReadMapping(mapping, path, InputEntryKeys);
        var secret = Optional(map, path, "secret", ParseBoolean, false);
        if (map.TryGetValue("path", out var pathEntry))
        {
            var pathKey = $"{path}.path";
            return new(ParseInput(pathEntry.Value, pathKey) with { Secret = secret }, pathEntry.Value, pathKey);
        }

        return map.IsMissing("path")
            ? throw Error(node, $"{path}.path", "missing required key 'path' (the file or directory)")
            : null;
    }

    private InputSpec ParseInput(YamlNode node, string path)
    {
        var declared = RequireString(node, path);
        if (!InputResolver.TryResolve(declared, _baseDirectory, out var input, out var problem))
        {
            throw Error(node, path, problem);
        }

        // The whole filesystem is no service's configuration; hashing it would walk every mount, /proc included.
        return input.Kind == InputKind.Directory && Path.GetPathRoot(input.FullPath) == input.FullPath
            ? throw Error(node, path, $"input '{declared}' is the filesystem root; name the files or directories the service reads")
            : input;
    }

    private bool ParseBoolean(YamlNode node, string path) =>
        node is YamlScalarNode scalar && YamlScalars.Classify(scalar) == YamlScalars.Kind.Boolean && bool.TryParse(scalar.Value, out var value)
            ? value
            : throw Error(node, path, $"must be true or false, not {Describe(node)}");

    private void ReportSecretsListedAsPlain(List<DeclaredInput> all)
    {
        foreach (var (secret, node, path) in all.Where(declared => declared.Input.Secret))
        {
            var plain = all.Select(declared => declared.Input).Where(input => !input.Secret).ToList();
            if (plain.FirstOrDefault(input => input.FullPath == secret.FullPath) is { } same)
            {
                Report(node, path, $"'{RegistryText.Value(secret.Declared)}' is also listed as '{RegistryText.Value(same.Declared)}', not secret; list it once, as a secret");
            }
            else if (plain.FirstOrDefault(input => input.Kind == InputKind.Directory && secret.FullPath.StartsWith(input.FullPath + "/", StringComparison.Ordinal)) is { } directory)
            {
                Report(node, path, $"'{RegistryText.Value(secret.Declared)}' lies inside the input directory '{RegistryText.Value(directory.Declared)}', which is not secret; mark that directory secret, or keep the file out of it");
            }
        }
    }
}
