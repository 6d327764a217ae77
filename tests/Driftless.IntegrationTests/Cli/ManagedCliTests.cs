using Driftless.IntegrationTests.Managed;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary><c>driftless apply</c> converging managed services from YAML (no compose file).</summary>
public sealed class ManagedCliTests
{
    private const string Secret = "s3cret-value-for-cli";

    private static string Registry(ManagedFixture fixture, int port, string tag, bool withWorker = true)
    {
        static string Argv(IReadOnlyList<string> argv) => "[" + string.Join(", ", argv.Select(a => "'" + a.Replace("'", "''", StringComparison.Ordinal) + "'")) + "]";
        var worker = withWorker
            ? $"""
                worker:
                  managed:
                    image: {TestNames.Image}
                    command: {Argv(ManagedFixture.RecordingCommand("worker", "TERM"))}
                    volumes: ["{fixture.Dir.Path}:{ManagedFixture.RecordPath}"]
                    stop_grace: 20s
                  inputs: [configs/app.conf]
                  apply: restart
              """
            : string.Empty;
        return $"""
            version: 1
            project: {fixture.Project}
            services:
              web:
                managed:
                  image: {TestNames.Image}
                  command: {Argv(ManagedFixture.RecordingCommand(tag, "TERM"))}
                  env: {"{"}TAG: {tag}, API_KEY: {Secret}{"}"}
                  ports: ["127.0.0.1:{port}:8080"]
                  volumes: ["./:{ManagedFixture.RecordPath}"]
                  stop_signal: SIGTERM
                  stop_grace: 20s
                inputs: [configs/app.conf]
                apply: restart
            {worker}
            """;
    }

    [Fact]
    public async Task Apply_ConvergesManagedServices_ContentChangeRestartsInPlace_SpecChangeReplaces()
    {
        await using var fixture = new ManagedFixture();
        fixture.Dir.Write("configs/app.conf", "one\n");
        var port = FreePort.Next();
        var path = fixture.Dir.Write("driftless.yaml", Registry(fixture, port, "v1"));
        var events = fixture.Dir.File("events.jsonl");

        var first = await DriftlessCli.RunAsync("apply", "-f", path, "--events", events);

        Assert.True(first.ExitCode == 0, first.Describe());
        var containers = await fixture.LabelledAsync();
        Assert.Equal(["web", "worker"], containers.Select(c => c.Service).Order());
        Assert.All(containers, c => Assert.True(c.Running));
        var web = Assert.Single(containers, c => c.Service == "web").Id;
        var inspected = (await ManagedFixture.InspectAsync(web))!.Value;
        Assert.Contains($"API_KEY={Secret}", inspected.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("20", inspected.GetProperty("Config").GetProperty("StopTimeout").GetRawText());

        var again = await DriftlessCli.RunAsync("apply", "-f", path, "--events", events);
        Assert.True(again.ExitCode == 0, again.Describe());
        Assert.Equal(containers.Select(c => c.Id).Order(), (await fixture.LabelledAsync()).Select(c => c.Id).Order());

        // Content change: the configured mode runs on the same container.
        fixture.Dir.Write("configs/app.conf", "two\n");
        var restarted = await DriftlessCli.RunAsync("apply", "-f", path, "--events", events);
        Assert.True(restarted.ExitCode == 0, restarted.Describe());
        Assert.Contains(web, (await fixture.LabelledAsync()).Select(c => c.Id));
        var lastWeb = LastEvent(events, "web");
        Assert.Equal(("applied", "restart", web, web), (lastWeb.GetProperty("result").GetString(), lastWeb.GetProperty("mode").GetString(), lastWeb.GetProperty("containerId").GetString(), lastWeb.GetProperty("newContainerId").GetString()));

        // Spec change: graceful replace of web only.
        await File.WriteAllTextAsync(path, Registry(fixture, port, "v2"));
        var replaced = await DriftlessCli.RunAsync("apply", "-f", path, "--events", events);

        Assert.True(replaced.ExitCode == 0, replaced.Describe());
        var now = await fixture.LabelledAsync();
        var newWeb = Assert.Single(now, c => c.Service == "web");
        Assert.NotEqual(web, newWeb.Id);
        Assert.True(newWeb.Running);
        Assert.Contains(Assert.Single(containers, c => c.Service == "worker").Id, now.Select(c => c.Id));
        var replacedEvent = LastEvent(events, "web");
        Assert.Equal(("escalated", web, newWeb.Id), (replacedEvent.GetProperty("result").GetString(), replacedEvent.GetProperty("containerId").GetString(), replacedEvent.GetProperty("newContainerId").GetString()));
        var log = fixture.Log();
        Assert.True(log.ToList().IndexOf("TERM v1") < log.ToList().IndexOf("started v2"), string.Join(" | ", log));

        foreach (var run in new[] { first, again, restarted, replaced })
        {
            Assert.DoesNotContain(Secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(events), StringComparison.Ordinal);
    }

    private static System.Text.Json.JsonElement LastEvent(string eventsFile, string service) =>
        File.ReadAllLines(eventsFile)
            .Where(l => l.Length > 0)
            .Select(Parse)
            .Last(e => e.GetProperty("service").GetString() == service && e.GetProperty("result").GetString() != "started");

    private static System.Text.Json.JsonElement Parse(string line)
    {
        using var document = System.Text.Json.JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Apply_DroppedManagedService_IsRemoved_ForeignContainerUntouched()
    {
        await using var fixture = new ManagedFixture();
        fixture.Dir.Write("configs/app.conf", "one\n");
        var port = FreePort.Next();
        var path = fixture.Dir.Write("driftless.yaml", Registry(fixture, port, "v1"));
        var first = await DriftlessCli.RunAsync("apply", "-f", path);
        Assert.True(first.ExitCode == 0, first.Describe());
        var web = Assert.Single(await fixture.LabelledAsync(), c => c.Service == "web").Id;
        await using var foreign = await TestContainer.StartAsync($"{fixture.Project}-worker-x");
        await fixture.WaitStartedAsync("worker");

        await File.WriteAllTextAsync(path, Registry(fixture, port, "v1", withWorker: false));
        var dropped = await DriftlessCli.RunAsync("apply", "-f", path);

        Assert.True(dropped.ExitCode == 0, dropped.Describe());
        Assert.Equal([web], (await fixture.LabelledAsync()).Select(c => c.Id));
        Assert.Contains("TERM worker", fixture.Signals());
        Assert.True((await ManagedFixture.InspectAsync(foreign.Id))!.Value.GetProperty("State").GetProperty("Running").GetBoolean());
    }
}
