using System.Text.Json;

namespace Driftless.IntegrationTests.Cli;

/// <summary>The seeds' redeploy-loop lesson: a converged stack must not be touched again.</summary>
public sealed class NoopApplyTests
{
    [Fact]
    public async Task NoopApply_TouchesNothing()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "level = info\n");
        stack.Write("configs/web/index.html", "<h1>hi</h1>\n");
        stack.Write("configs/agent/agent.conf", "interval = 10s\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        stack.Service("web").Mode("recreate").DirectoryMount("configs/web", "/etc/web");
        stack.Service("agent").Mode("none").DirectoryMount("configs/agent", "/etc/agent");
        await stack.UpAsync();
        Assert.Equal(0, (await stack.RunAsync("apply")).ExitCode);

        // Converge a real change in every mode so the state is the product of applies, not only adoption.
        stack.ReplaceAtomically("configs/app.conf", "level = debug\n");
        stack.ReplaceAtomically("configs/web/index.html", "<h1>hello</h1>\n");
        stack.ReplaceAtomically("configs/agent/agent.conf", "interval = 5s\n");
        var converge = await stack.RunAsync("apply");
        Assert.True(converge.ExitCode == 0, converge.Describe());

        var before = new[] { await stack.FactsAsync("app"), await stack.FactsAsync("web"), await stack.FactsAsync("agent") };
        var events = stack.Dir.File("events.jsonl");

        var again = await stack.RunAsync("apply", "--events", events, "--parallel", "1");

        Assert.True(again.ExitCode == 0, again.Describe());
        var lines = Stack.ReadEvents(events);
        Assert.Equal(["app", "web", "agent"], lines.Select(e => e.GetProperty("service").GetString()));
        Assert.All(lines, e => Assert.Equal("noop", e.GetProperty("result").GetString()));
        Assert.All(lines, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("newContainerId").ValueKind));
        var after = new[] { await stack.FactsAsync("app"), await stack.FactsAsync("web"), await stack.FactsAsync("agent") };
        Assert.Equal(before, after);

        var plan = await stack.RunAsync("plan");
        Assert.True(plan.ExitCode == 0, plan.Describe());
        Assert.Contains("Nothing to do", plan.Stdout, StringComparison.Ordinal);

        // A redeploy (compose up with the hash-in-spec override) of the converged stack is a no-op too.
        await stack.Compose.RunAsync(["-f", Path.Combine(stack.StateDirectory, "compose.override.yml"), "up", "-d"]);
        Assert.Equal(after, new[] { await stack.FactsAsync("app"), await stack.FactsAsync("web"), await stack.FactsAsync("agent") });
        Assert.Equal(0, (await stack.RunAsync("apply")).ExitCode);
        Assert.Equal(after, new[] { await stack.FactsAsync("app"), await stack.FactsAsync("web"), await stack.FactsAsync("agent") });
    }
}
