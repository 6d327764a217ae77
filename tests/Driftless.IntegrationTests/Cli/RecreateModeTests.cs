namespace Driftless.IntegrationTests.Cli;

public sealed class RecreateModeTests
{
    [Fact]
    public async Task Recreate_DirectoryMount_LabelsOnlyChangedService_NeighboursUntouched()
    {
        await using var stack = new Stack();
        stack.Write("configs/web/index.html", "<h1>v1</h1>\n");
        stack.Write("configs/web/site.json", "{\"theme\":\"light\"}\n");
        stack.Write("configs/worker/schedule.txt", "*/5 * * * *\n");
        stack.Service("web").Mode("recreate").DirectoryMount("configs/web", "/etc/web");
        stack.Service("worker").Mode("recreate").DirectoryMount("configs/worker", "/etc/worker");
        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var webBefore = await stack.FactsAsync("web");
        var workerBefore = await stack.FactsAsync("worker");

        stack.ReplaceAtomically("configs/web/site.json", "{\"theme\":\"dark\"}\n");
        var desired = await stack.HashAsync("configs/web/");
        var events = stack.Dir.File("events.jsonl");

        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 0, apply.Describe());
        var webAfter = await stack.FactsAsync("web");
        Assert.NotEqual(webBefore.Id, webAfter.Id);
        Assert.True(webAfter.Running);
        Assert.Equal(desired, webAfter.ConfigHashLabel);
        Assert.Equal("{\"theme\":\"dark\"}\n", await stack.ProcessSeesTextAsync("web", "/etc/web/site.json"));

        var workerAfter = await stack.FactsAsync("worker");
        Assert.Equal(workerBefore.Id, workerAfter.Id);
        Assert.Equal(workerBefore.StartedAt, workerAfter.StartedAt);
        Assert.Null(workerAfter.ConfigHashLabel);

        // Services run in parallel: the events file is in completion order.
        var lines = Stack.ReadEvents(events).OrderBy(e => e.GetProperty("service").GetString(), StringComparer.Ordinal).ToList();
        Assert.Equal(["web", "worker"], lines.Select(e => e.GetProperty("service").GetString()));
        Assert.Equal("applied", lines[0].GetProperty("result").GetString());
        Assert.Equal("recreate", lines[0].GetProperty("mode").GetString());
        Assert.Equal(desired, lines[0].GetProperty("newHash").GetString());
        Assert.Equal(webBefore.Id, lines[0].GetProperty("containerId").GetString());
        Assert.Equal(webAfter.Id, lines[0].GetProperty("newContainerId").GetString());
        Assert.Equal(["configs/web/site.json"], lines[0].GetProperty("changedInputs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("noop", lines[1].GetProperty("result").GetString());

        var status = await stack.RunAsync("status");
        Assert.True(status.ExitCode == 0, status.Describe());

        // The override's contract (hash-in-spec): compose run by hand with it recreates nothing Driftless converged,
        // neither the recreated service nor the adopted neighbour.
        await stack.Compose.RunAsync(["-f", Path.Combine(stack.StateDirectory, "compose.override.yml"), "up", "-d"]);
        Assert.Equal(webAfter, await stack.FactsAsync("web"));
        Assert.Equal(workerAfter, await stack.FactsAsync("worker"));
    }
}
