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

        // Depth-first with an explicit stack: a chain of thousands of dependencies must not cost a stack frame each.
        var placed = new bool[services.Count];
        var order = new List<ServiceSpec>(services.Count);
        var stack = new Stack<(int Index, int NextEdge)>();
        for (var i = 0; i < services.Count; i++)
        {
            if (placed[i])
            {
                continue;
            }

            placed[i] = true;
            stack.Push((i, 0));
            while (stack.TryPop(out var frame))
            {
                var edges = graph.Edges[frame.Index];
                var next = frame.NextEdge;
                while (next < edges.Length && placed[edges[next]])
                {
                    next++;
                }

                if (next == edges.Length)
                {
                    order.Add(services[frame.Index]);
                    continue;
                }

                stack.Push((frame.Index, next + 1));
                placed[edges[next]] = true;
                stack.Push((edges[next], 0));
            }
        }

        return order;
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
        var onCycle = OnCycle(graph);
        var start = Array.IndexOf(onCycle, true);
        return start < 0 ? null : ShortestPathBack(graph, start)!.Select(i => services[i].Name).ToList();
    }

    /// <summary>
    /// Which services lie on a cycle: those in a strongly connected component of more than one, or depending on
    /// themselves. Tarjan's algorithm with an explicit stack, so linear in services and edges at any depth.
    /// </summary>
    private static bool[] OnCycle(Graph graph)
    {
        var count = graph.Edges.Length;
        var index = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        var result = new bool[count];
        Array.Fill(index, -1);
        var component = new Stack<int>();
        var work = new Stack<(int Node, int NextEdge)>();
        var next = 0;
        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            work.Push((root, 0));
            while (work.TryPop(out var frame))
            {
                var node = frame.Node;
                if (frame.NextEdge == 0)
                {
                    index[node] = low[node] = next++;
                    component.Push(node);
                    onStack[node] = true;
                }
                else
                {
                    // Back from the child at NextEdge - 1.
                    var child = graph.Edges[node][frame.NextEdge - 1];
                    low[node] = Math.Min(low[node], low[child]);
                }

                var edges = graph.Edges[node];
                var edge = frame.NextEdge;
                while (edge < edges.Length && index[edges[edge]] >= 0)
                {
                    if (onStack[edges[edge]])
                    {
                        low[node] = Math.Min(low[node], index[edges[edge]]);
                    }

                    edge++;
                }

                if (edge < edges.Length)
                {
                    work.Push((node, edge + 1));
                    work.Push((edges[edge], 0));
                    continue;
                }

                if (low[node] == index[node])
                {
                    var members = new List<int>();
                    int member;
                    do
                    {
                        member = component.Pop();
                        onStack[member] = false;
                        members.Add(member);
                    }
                    while (member != node);

                    foreach (var m in members)
                    {
                        result[m] = members.Count > 1 || graph.Edges[m].Contains(m);
                    }
                }
            }
        }

        return result;
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
