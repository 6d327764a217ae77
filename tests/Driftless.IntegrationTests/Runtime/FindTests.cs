using Driftless.Core.Runtime;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Runtime;

public sealed class FindTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Find_ByComposeLabels()
    {
        using var dir = new TempDir();
        var config = dir.Write("web.conf", "w\n");
        await using var project = new ComposeProject(dir);
        project.WriteFile($$"""
            version: "2.4"
            services:
              web:
                image: {{TestNames.Image}}
                init: true
                command: ["sleep", "3600"]
                labels: ["{{TestNames.OwnerLabel}}=1"]
                volumes: ["./web.conf:/etc/web.conf:ro"]
              db:
                image: {{TestNames.Image}}
                init: true
                command: ["sleep", "3600"]
                labels: ["{{TestNames.OwnerLabel}}=1"]
            """);
        await project.UpAsync();
        var webId = await project.ContainerIdAsync("web");
        var runtime = Runtimes.Create();

        var web = await runtime.FindAsync(new ContainerTarget(project.Name, "web", null), None);

        Assert.NotNull(web);
        Assert.Equal(webId, web.Id);
        Assert.True(web.Running);
        Assert.Equal("running", web.Status);
        Assert.True(web.Pid > 0);
        Assert.NotNull(web.StartedAt);
        Assert.InRange(web.StartedAt.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("web", web.Labels["com.docker.compose.service"]);
        var mount = Assert.Single(web.Mounts);
        Assert.Equal(("bind", config, "/etc/web.conf", false), (mount.Type, mount.Source, mount.Destination, mount.ReadWrite));

        Assert.Null(await runtime.FindAsync(new ContainerTarget(project.Name, "nope", null), None));
        Assert.Null(await runtime.FindAsync(new ContainerTarget(project.Name + "x", "web", null), None));
        Assert.Null(await runtime.InspectAsync("0000000000000000000000000000000000000000000000000000000000000000", None));
    }

    [Fact]
    public async Task Find_ByExplicitName_ExactMatchOnly()
    {
        var baseName = TestNames.Unique() + "-web";
        await using var neighbour = await TestContainer.StartAsync(baseName + "-2");
        var runtime = Runtimes.Create();

        Assert.Null(await runtime.FindAsync(new ContainerTarget("p", "web", baseName), None));

        await using var web = await TestContainer.StartAsync(baseName);
        var found = await runtime.FindAsync(new ContainerTarget("p", "web", baseName), None);

        Assert.NotNull(found);
        Assert.Equal(web.Id, found.Id);
        Assert.Equal(baseName, found.Name);
    }
}
