using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary><c>depends_on</c> ordering and <c>apply --parallel N</c>.</summary>
public sealed class OrderingTests
{
    /// <summary>
    /// Declared in reverse order; each exec appends its name to a log shared by all three containers. The first one is
    /// slow (1s), so a scheduler that starts a dependent before its dependency finished writes the log out of order.
    /// </summary>
    [Fact]
    public async Task DependsOn_OrderObserved()
    {
        await using var stack = new Stack();
        stack.Write("shared/.keep", "");
        foreach (var name in new[] { "last", "middle", "first" })
        {
            stack.Write($"configs/{name}/app.conf", "v1\n");
        }

        stack.Service("last").DirectoryMount("configs/last", "/etc/app").SharedMount("shared", "/shared")
            .Mode("exec").ExecApply("sh", "-c", "echo last >>/shared/order.log").DependsOn("middle");
        stack.Service("middle").DirectoryMount("configs/middle", "/etc/app").SharedMount("shared", "/shared")
            .Mode("exec").ExecApply("sh", "-c", "echo middle >>/shared/order.log").DependsOn("first");
        stack.Service("first").DirectoryMount("configs/first", "/etc/app").SharedMount("shared", "/shared")
            .Mode("exec").ExecApply("sh", "-c", "sleep 1; echo first >>/shared/order.log");
        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        Assert.False(File.Exists(stack.Dir.File("shared/order.log")));

        foreach (var name in new[] { "last", "middle", "first" })
        {
            stack.ReplaceAtomically($"configs/{name}/app.conf", "v2\n");
        }

        var events = stack.Dir.File("events.jsonl");
        var apply = await stack.RunAsync("apply", "--parallel", "4", "--events", events);

        Assert.True(apply.ExitCode == 0, apply.Describe());
        Assert.Equal("first\nmiddle\nlast\n", File.ReadAllText(stack.Dir.File("shared/order.log")));
        var lines = Stack.ReadEvents(events);
        Assert.Equal(["first", "middle", "last"], lines.Select(e => e.GetProperty("service").GetString()));
        Assert.All(lines, e => Assert.Equal("applied", e.GetProperty("result").GetString()));
        var (first, middle, last) = (Stack.Window(lines[0]), Stack.Window(lines[1]), Stack.Window(lines[2]));
        Assert.True(first.End - first.Start >= TimeSpan.FromSeconds(1), $"first ran {first}");
        Assert.True(middle.Start >= first.End - Tolerance, $"middle {middle} started before first {first} ended");
        Assert.True(last.Start >= middle.End - Tolerance, $"last {last} started before middle {middle} ended");
    }

    /// <summary>Event windows mix a wall-clock end with a monotonic duration (truncated to ms).</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task DependsOnCycle_Exit65_NamingCycle()
    {
        await using var stack = new Stack();
        foreach (var name in new[] { "charlie", "alpha", "bravo" })
        {
            stack.Write($"configs/{name}/app.conf", "v1\n");
        }

        stack.Service("charlie").DirectoryMount("configs/charlie", "/etc/app").DependsOn("alpha");
        stack.Service("alpha").DirectoryMount("configs/alpha", "/etc/app").DependsOn("bravo");
        stack.Service("bravo").DirectoryMount("configs/bravo", "/etc/app").DependsOn("alpha");
        stack.WriteFiles();

        foreach (var command in new[] { "plan", "apply" })
        {
            var result = await stack.RunAsync(command);
            Assert.True(result.ExitCode == 65, result.Describe());
            Assert.Contains("cycle", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("alpha → bravo → alpha", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("driftless.yaml", result.Stderr, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(stack.StateDirectory), "an invalid registry must not create state");
    }

    /// <summary>Ten services, each with the bug.0017 trap (single-file mount replaced atomically): restarted four at a time, every one verified.</summary>
    [Fact]
    public async Task ParallelApply_TenServices_AllVerified()
    {
        await using var stack = new Stack();
        var names = Enumerable.Range(0, 10).Select(i => $"s{i}").ToList();
        foreach (var name in names)
        {
            stack.Write($"configs/{name}.conf", $"{name} v1\n");
            stack.Service(name).Mode("restart").FileMount($"configs/{name}.conf", "/etc/app/app.conf");
        }

        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        foreach (var name in names)
        {
            stack.ReplaceAtomically($"configs/{name}.conf", $"{name} v2\n");
        }

        var events = stack.Dir.File("events.jsonl");
        var apply = await stack.RunAsync("apply", "--parallel", "4", "--events", events);

        Assert.True(apply.ExitCode == 0, apply.Describe());
        var lines = Stack.ReadEvents(events);
        Assert.Equal(names.Order(StringComparer.Ordinal), lines.Select(e => e.GetProperty("service").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(lines, e => Assert.Equal("applied", e.GetProperty("result").GetString()));

        // --parallel 4: restarts overlap, never more than four at once.
        var windows = lines.Select(Stack.Window).Select(w => (Start: w.Start + Tolerance, End: w.End - Tolerance)).ToList();
        var mostAtOnce = windows.Max(w => windows.Count(o => o.Start <= w.Start && w.Start < o.End));
        Assert.InRange(mostAtOnce, 2, 4);
        foreach (var name in names)
        {
            Assert.Equal($"{name} v2\n", await stack.ProcessSeesTextAsync(name, "/etc/app/app.conf"));
        }

        var status = await stack.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 0, status.Describe());
        Assert.All(status.Json().GetProperty("services").EnumerateArray(), s => Assert.Equal("in sync", s.GetProperty("verdict").GetString()));
    }
}
