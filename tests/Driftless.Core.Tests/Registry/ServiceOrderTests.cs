using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

public sealed class ServiceOrderTests
{
    private static ServiceSpec Service(string name, params string[] dependsOn) =>
        new(name, null, [], ApplyMode.Restart, null, VerifySpec.Default) { DependsOn = dependsOn };

    private static IEnumerable<string> Names(IEnumerable<ServiceSpec> services) => services.Select(s => s.Name);

    [Fact]
    public void Topological_WithoutDependencies_KeepsFileOrder()
    {
        var services = new[] { Service("c"), Service("a"), Service("b") };

        Assert.Equal(["c", "a", "b"], Names(ServiceOrder.Topological(services)));
    }

    [Fact]
    public void Topological_MovesADependencyJustBeforeItsFirstDependent()
    {
        var services = new[] { Service("web", "db"), Service("cache"), Service("db") };

        Assert.Equal(["db", "web", "cache"], Names(ServiceOrder.Topological(services)));
    }

    [Fact]
    public void Topological_PlacesTransitiveDependenciesFirst_InFileOrder()
    {
        var services = new[]
        {
            Service("caddy", "nginx", "alloy"),
            Service("alloy"),
            Service("nginx", "alloy"),
            Service("other"),
        };

        Assert.Equal(["alloy", "nginx", "caddy", "other"], Names(ServiceOrder.Topological(services)));
    }

    [Fact]
    public void Topological_SiblingDependencies_FollowFileOrderNotListOrder()
    {
        var services = new[] { Service("a"), Service("b"), Service("app", "b", "a") };

        Assert.Equal(["a", "b", "app"], Names(ServiceOrder.Topological(services)));
    }

    [Fact]
    public void Topological_ReturnsTheSameSpecInstances()
    {
        var services = new[] { Service("web", "db"), Service("db") };

        var ordered = ServiceOrder.Topological(services);

        Assert.Same(services[1], ordered[0]);
        Assert.Same(services[0], ordered[1]);
    }

    [Fact]
    public void Topological_EveryServiceComesAfterItsDependencies()
    {
        var services = new[]
        {
            Service("e", "d", "b"), Service("d", "c"), Service("c", "a"), Service("b", "a"), Service("a"), Service("f", "e"),
        };

        var ordered = Names(ServiceOrder.Topological(services)).ToList();

        Assert.Equal(services.Length, ordered.Count);
        Assert.All(services, s => Assert.All(s.DependsOn, d => Assert.True(ordered.IndexOf(d) < ordered.IndexOf(s.Name), $"{d} before {s.Name}")));
    }

    [Fact]
    public void Topological_Cycle_Throws()
    {
        var services = new[] { Service("a", "b"), Service("b", "a") };

        var e = Assert.Throws<ArgumentException>(() => ServiceOrder.Topological(services));

        Assert.StartsWith("depends_on cycle: a → b → a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Topological_UnknownDependency_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ServiceOrder.Topological([Service("a", "ghost")]));

        Assert.Contains("'ghost'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindCycle_WithoutCycle_IsNull()
    {
        Assert.Null(ServiceOrder.FindCycle([Service("a", "b"), Service("b", "c"), Service("c")]));
    }

    [Fact]
    public void FindCycle_StartsAtTheFirstServiceOnACycle_AndClosesIt()
    {
        var services = new[] { Service("x", "a"), Service("a", "b"), Service("b", "c"), Service("c", "a") };

        Assert.Equal(["a", "b", "c", "a"], ServiceOrder.FindCycle(services));
    }

    [Fact]
    public void FindCycle_TakesTheShortestWayBack()
    {
        var services = new[] { Service("a", "b", "d"), Service("b", "c"), Service("c", "a"), Service("d", "a") };

        Assert.Equal(["a", "d", "a"], ServiceOrder.FindCycle(services));
    }

    [Fact]
    public async Task Topological_ALongChain_IsOrdered_WithoutAStackFrameEach()
    {
        // 100,000 links: far past what a recursive walk survives on a thread-pool thread's stack.
        var services = Enumerable.Range(0, 100_000).Select(i => Service($"s{i}", i + 1 < 100_000 ? [$"s{i + 1}"] : [])).ToList();

        var order = await Task.Run(() => ServiceOrder.Topological(services));

        Assert.Equal("s99999", order[0].Name);
        Assert.Equal("s0", order[^1].Name);
    }

    [Fact]
    public async Task FindCycle_ALongChainClosingOnItself_IsFound_StartingAtTheFirstService()
    {
        var services = Enumerable.Range(0, 20_000).Select(i => Service($"s{i}", $"s{(i + 1) % 20_000}")).Prepend(Service("free")).ToList();

        var cycle = await Task.Run(() => ServiceOrder.FindCycle(services));

        Assert.NotNull(cycle);
        Assert.Equal(20_001, cycle.Count);
        Assert.Equal(["s0", "s1"], cycle.Take(2));
        Assert.Equal("s0", cycle[^1]);
    }

    [Fact]
    public void FindCycle_OnlyAServiceDependingOnItself_IsACycle()
    {
        var services = new[] { Service("a", "b"), Service("b"), Service("c", "c") };

        Assert.Equal(["c", "c"], ServiceOrder.FindCycle(services));
    }
}
