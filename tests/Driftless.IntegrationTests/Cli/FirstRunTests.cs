using System.Text.Json;

namespace Driftless.IntegrationTests.Cli;

public sealed class FirstRunTests
{
    [Fact]
    public async Task FirstRun_AdoptsMatchingContainer_WithoutTouchingIt()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "port = 8080\n");
        stack.Write("configs/web/index.html", "<h1>hi</h1>\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        stack.Service("web").Mode("recreate").DirectoryMount("configs/web", "/etc/web");
        await stack.UpAsync();
        var before = new[] { await stack.FactsAsync("app"), await stack.FactsAsync("web") };
        Assert.False(Directory.Exists(stack.StateDirectory));

        var plan = await stack.RunAsync("plan", "--output", "json");
        Assert.True(plan.ExitCode == 2, plan.Describe());
        Assert.All(plan.Json().GetProperty("services").EnumerateArray(), s =>
        {
            Assert.Equal("adopt", s.GetProperty("action").GetString());
            Assert.Equal(JsonValueKind.Null, s.GetProperty("appliedHash").ValueKind);
        });
        Assert.False(Directory.Exists(stack.StateDirectory), "plan must not create state");

        var events = stack.Dir.File("events.jsonl");
        var apply = await stack.RunAsync("apply", "--events", events, "--parallel", "1");

        Assert.True(apply.ExitCode == 0, apply.Describe());
        var lines = Stack.ReadEvents(events);
        Assert.Equal(["app", "web"], lines.Select(e => e.GetProperty("service").GetString()));
        Assert.All(lines, e =>
        {
            Assert.Equal("adopted", e.GetProperty("result").GetString());
            Assert.Equal(JsonValueKind.Null, e.GetProperty("oldHash").ValueKind);
        });
        Assert.Equal(await stack.HashAsync("configs/app.conf"), lines[0].GetProperty("newHash").GetString());
        Assert.Equal(await stack.HashAsync("configs/web/"), lines[1].GetProperty("newHash").GetString());
        Assert.Equal(before, new[] { await stack.FactsAsync("app"), await stack.FactsAsync("web") });

        var status = await stack.RunAsync("status");
        Assert.True(status.ExitCode == 0, status.Describe());
        Assert.Equal(before, new[] { await stack.FactsAsync("app"), await stack.FactsAsync("web") });
    }
}
