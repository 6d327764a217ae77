using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary><c>depends_on</c>: each list on its own, then — once every service is read — the names and cycles across services.</summary>
internal sealed partial class RegistryParser
{
    private DependsOnNodes ParseDependsOn(string service, YamlNode node, string path)
    {
        var list = RequireSequence(node, path);
        var items = new List<DependsOnItem>(list.Children.Count);
        var earlier = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemPath = $"{path}[{i}]";
            if (TryRead(() => ParseDependency(service, item, itemPath, earlier), out var name))
            {
                items.Add(new DependsOnItem(name, item, itemPath));
                earlier.Add(name);
            }
        }

        return new DependsOnNodes(list, path, items);
    }

    private string ParseDependency(string service, YamlNode node, string path, HashSet<string> earlier)
    {
        var name = RequireName(node, path);
        if (name == service)
        {
            throw Error(node, path, $"service '{RegistryText.Value(service)}' cannot depend on itself");
        }

        return earlier.Contains(name)
            ? throw Error(node, path, $"'{RegistryText.Value(name)}' is listed twice")
            : name;
    }

    /// <summary>
    /// After all services are read: every dependency names a service of the registry, and there is no cycle. A service whose
    /// definition has errors still counts as declared, so naming it is not reported again.
    /// </summary>
    private void ValidateDependencies(List<ServiceSpec> services, List<DependsOnNodes?> dependencies)
    {
        var names = services.Select(s => s.Name).ToList();
        var declared = names.ToHashSet(StringComparer.Ordinal);
        var suggestions = 0;
        var graph = new List<ServiceSpec>(services.Count);
        for (var s = 0; s < services.Count; s++)
        {
            var known = new List<string>();
            foreach (var item in dependencies[s]?.Items ?? [])
            {
                if (declared.Contains(item.Name))
                {
                    known.Add(item.Name);
                }
                else
                {
                    // A hint compares the name with every service: only for as many as a message lists.
                    var hint = suggestions++ < MaxReportedErrors ? "; " + KeySuggester.Hint(item.Name, names, "services") : string.Empty;
                    Report(item.Node, item.Path, $"unknown service '{RegistryText.Value(item.Name)}'{hint}");
                }
            }

            graph.Add(services[s] with { DependsOn = known });
        }

        if (ServiceOrder.FindCycle(graph) is { } cycle)
        {
            var at = dependencies[names.IndexOf(cycle[0])]!;
            Report(at.List, at.Path, $"depends_on cycle: {string.Join(" → ", cycle)}");
        }
    }

    private sealed record DependsOnItem(string Name, YamlNode Node, string Path);

    private sealed record DependsOnNodes(YamlSequenceNode List, string Path, IReadOnlyList<DependsOnItem> Items)
    {
        public IReadOnlyList<string> Names => Items.Select(item => item.Name).ToList();
    }
}
