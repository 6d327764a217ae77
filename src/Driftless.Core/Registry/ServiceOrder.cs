namespace Driftless.Core.Registry;

/// <summary>Orders services by <c>depends_on</c>.</summary>
internal static class ServiceOrder
{
    /// <summary>
    /// File order, adjusted so each service comes after everything it depends on: services are taken in file order and
    /// each one's not-yet-placed dependencies (in file order, recursively) are placed just before it. A registry
    /// without <c>depends_on</c> keeps its file order.
    /// </summary>
    /// <exception cref="ArgumentException">A dependency names no service of the list, or the dependencies form a cycle.</exception>
    public static IReadOnlyList<ServiceSpec> Topological(IReadOnlyList<ServiceSpec> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var graph = Graph.Of(services);
        if (FindCycle(services) is { } cycle)
        {
            throw new ArgumentException($"depends_on cycle: {string.Join(" → ", cycle)}", nameof(services));
        }

        var placed = new bool[services.Count];
        var order = new List<ServiceSpec>(services.Count);
        for (var i = 0; i < services.Count; i++)
        {
            Place(i);
        }

        return order;

        void Place(int index)
        {
            if (placed[index])
            {
                return;
            }

            placed[index] = true;
            foreach (var dependency in graph.Edges[index])
            {
                Place(dependency);
            }

            order.Add(services[index]);
        }
    }

    /// <summary>
    /// The first cycle, as names with the first repeated at the end (<c>[a, b, c, a]</c>), or null. Deterministic: it starts
    /// at the first service in file order that is on a cycle and follows the shortest way back to it (ties: file order).
    /// </summary>
    /// <exception cref="ArgumentException">A dependency names no service of the list.</exception>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyList<ServiceSpec> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var graph = Graph.Of(services);
        for (var start = 0; start < services.Count; start++)
        {
            if (ShortestPathBack(graph, start) is { } path)
            {
                return path.Select(i => services[i].Name).ToList();
            }
        }

        return null;
    }

    /// <summary>Breadth-first from <paramref name="start"/>'s dependencies back to <paramref name="start"/>; null when it is on no cycle.</summary>
    private static List<int>? ShortestPathBack(Graph graph, int start)
    {
        var previous = new int?[graph.Edges.Length];
        var seen = new bool[graph.Edges.Length];
        var queue = new Queue<int>();
        seen[start] = true;
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in graph.Edges[current])
            {
                if (next == start)
                {
                    var path = new List<int> { start };
                    for (int? at = current; at is { } node && node != start; at = previous[node])
                    {
                        path.Insert(1, node);
                    }

                    path.Add(start);
                    return path;
                }

                if (!seen[next])
                {
                    seen[next] = true;
                    previous[next] = current;
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    /// <summary>Dependency edges by index; each service's dependencies sorted by file order, duplicates removed.</summary>
    private sealed record Graph(int[][] Edges)
    {
        public static Graph Of(IReadOnlyList<ServiceSpec> services)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < services.Count; i++)
            {
                if (!index.TryAdd(services[i].Name, i))
                {
                    throw new ArgumentException($"service '{services[i].Name}' is listed twice", nameof(services));
                }
            }

            var edges = services
                .Select(service => service.DependsOn
                    .Select(name => index.TryGetValue(name, out var target)
                        ? target
                        : throw new ArgumentException($"service '{service.Name}' depends on '{name}', which is not in the list", nameof(services)))
                    .Distinct()
                    .Order()
                    .ToArray())
                .ToArray();
            return new Graph(edges);
        }
    }
}
