using Driftless.IntegrationTests.Cli;
using Driftless.IntegrationTests.Runtime;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Managed;

/// <summary>
/// <c>check:</c> on a managed service through <c>driftless apply</c>: the throwaway container runs the new spec's
/// image and env, not the live container's, so each change below passes or fails only by what the new spec holds.
/// A rejected change leaves the old managed container running, untouched.
/// </summary>
public sealed class ManagedCheckTests
{
    private const string BusyboxCommand = "[sleep, \"3600\"]";

    [Fact]
    public async Task Check_SeesTheNewSpecsEnv_NotTheLiveContainers()
    {
        await using var fixture = new ManagedFixture();
        const string Check = "{exec: [sh, -c, 'test \"$VERSION\" = 2']}";
        var path = Write(fixture, TestNames.Image, BusyboxCommand, version: "1", check: null);
        await ApplyAsync(path, exit: 0);
        var v1 = await SingleRunningAsync(fixture);

        // The live container has VERSION=1: only a check with the new env (2) passes.
        Write(fixture, TestNames.Image, BusyboxCommand, version: "2", Check);
        var applied = await DriftlessCli.RunAsync("apply", "-f", path, "--output", "json");

        Assert.True(applied.ExitCode == 0, applied.Describe());
        var v2 = await SingleRunningAsync(fixture);
        Assert.NotEqual(v1, v2);
        Assert.Contains("VERSION=2", await EnvAsync(v2));

        // The live container now has VERSION=2: a check with its env would pass; the new env (3) fails.
        Write(fixture, TestNames.Image, BusyboxCommand, version: "3", Check);
        var rejected = await DriftlessCli.RunAsync("apply", "-f", path, "--output", "json");

        Assert.True(rejected.ExitCode == 1, rejected.Describe());
        var e = Assert.Single(rejected.Json().GetProperty("events").EnumerateArray());
        Assert.Equal(("rejected", "check_failed", "check `sh` exited 1"), (e.GetProperty("result").GetString(), e.GetProperty("reason").GetString(), e.GetProperty("error").GetString()));
        Assert.Equal(v2, await SingleRunningAsync(fixture));
        Assert.Contains("VERSION=2", await EnvAsync(v2));
        await AssertPendingAsync(path);
        Assert.Empty(await CheckRuns.ContainersAsync(fixture.Project));
    }

    [Fact]
    public async Task Check_RunsTheNewSpecsImage_CaddyOnlyInTheCaddyImage_AndARejectedSwitchLeavesTheOldContainerRunning()
    {
        await using var fixture = new ManagedFixture();
        const string Check = "{exec: [caddy, version]}";
        var path = Write(fixture, TestNames.Image, BusyboxCommand, version: "1", check: null);
        await ApplyAsync(path, exit: 0);
        var busybox = await SingleRunningAsync(fixture);

        // The live busybox container has no caddy binary: the check passes only in the new image.
        Write(fixture, TestNames.CaddyImage, command: null, version: "1", Check);
        await ApplyAsync(path, exit: 0);

        var caddy = await SingleRunningAsync(fixture);
        Assert.NotEqual(busybox, caddy);
        Assert.Equal(await ImageIdAsync(TestNames.CaddyImage), await ContainerImageIdAsync(caddy));

        // And back: the live caddy container would pass; the new busybox image cannot run the check.
        Write(fixture, TestNames.Image, BusyboxCommand, version: "1", Check);
        var rejected = await DriftlessCli.RunAsync("apply", "-f", path, "--output", "json");

        Assert.True(rejected.ExitCode == 1, rejected.Describe());
        var e = Assert.Single(rejected.Json().GetProperty("events").EnumerateArray());
        Assert.Equal(("rejected", "check_failed"), (e.GetProperty("result").GetString(), e.GetProperty("reason").GetString()));
        Assert.StartsWith("check could not run: ", e.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(caddy, await SingleRunningAsync(fixture));
        Assert.Equal(await ImageIdAsync(TestNames.CaddyImage), await ContainerImageIdAsync(caddy));
        await AssertPendingAsync(path);
        Assert.Empty(await CheckRuns.ContainersAsync(fixture.Project));
    }

    /// <summary>Writes the registry: one managed service <c>app</c>, an input, and the check when given.</summary>
    private static string Write(ManagedFixture fixture, string image, string? command, string version, string? check)
    {
        fixture.Dir.Write("configs/app.conf", "one\n");
        return fixture.Dir.Write("driftless.yaml", $"""
            version: 1
            project: {fixture.Project}
            services:
              app:
                managed:
                  image: {image}
            {(command is null ? string.Empty : $"      command: {command}\n")}      env: {"{"}VERSION: "{version}"{"}"}
                  volumes: ["./configs:/etc/app:ro"]
                  stop_grace: 1s
                inputs: [configs/app.conf]
                apply: restart
                verify: {"{"}settle: 500ms{"}"}
            {(check is null ? string.Empty : $"    check: {check}\n")}
            """);
    }

    private static async Task ApplyAsync(string path, int exit)
    {
        var result = await DriftlessCli.RunAsync("apply", "-f", path);
        Assert.True(result.ExitCode == exit, result.Describe());
    }

    private static async Task AssertPendingAsync(string path)
    {
        var plan = await DriftlessCli.RunAsync("plan", "-f", path);
        Assert.True(plan.ExitCode == 2, plan.Describe());
    }

    private static async Task<string> SingleRunningAsync(ManagedFixture fixture)
    {
        var container = Assert.Single(await fixture.LabelledAsync());
        Assert.True(container.Running, $"{container.Id} is not running");
        return container.Id;
    }

    private static async Task<string> EnvAsync(string id) => await ComposeProject.InspectAsync(id, "{{json .Config.Env}}");

    private static async Task<string> ContainerImageIdAsync(string id) => await ComposeProject.InspectAsync(id, "{{.Image}}");

    private static async Task<string> ImageIdAsync(string image) => (await Cmd.RunCheckedAsync(["docker", "image", "inspect", "-f", "{{.Id}}", image])).Trim();
}
