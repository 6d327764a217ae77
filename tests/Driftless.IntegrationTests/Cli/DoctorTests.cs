using System.Globalization;
using System.Text.Json;

namespace Driftless.IntegrationTests.Cli;

/// <summary><c>driftless doctor</c> against real containers: mounts and commands as the engine reports them.</summary>
public sealed class DoctorTests
{
    [Fact]
    public async Task Doctor_SingleFileMountSignalToShellAndUnmountedInput_Exit1WithTheseCodes()
    {
        await using var stack = new Stack();
        stack.Write("configs/web.conf", "listen 80\n");
        stack.Write("configs/app/app.conf", "v1\n");
        stack.Write("configs/extra.conf", "not mounted\n");
        stack.Service("web").FileMount("configs/web.conf", "/etc/web/web.conf").Runs("sh", "-c", "sleep 3600");
        stack.Service("app").DirectoryMount("configs/app", "/etc/app");
        await stack.UpAsync();
        stack.Write("driftless.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            version: 1
            project: {stack.Project}
            compose: {"{"}files: [docker-compose.yml]{"}"}
            services:
              web:
                inputs: [configs/web.conf]
                apply: signal
                signal: SIGHUP
              app:
                inputs: [configs/app/, configs/extra.conf]
                apply: restart

            """));

        var result = await stack.RunAsync("doctor", "--output", "json");

        Assert.True(result.ExitCode == 1, result.Describe());
        var json = result.Json();
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.Equal(stack.RegistryPath, json.GetProperty("registry").GetString());
        var findings = json.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(
            [
                ("app", "error", "input_not_mounted"),
                ("web", "warning", "single_file_mount"),
                ("web", "warning", "signal_not_forwarded"),
            ],
            findings.Select(f => (Text(f, "service"), Text(f, "severity"), Text(f, "code"))));
        Assert.Contains("configs/extra.conf", Text(findings[0], "message"), StringComparison.Ordinal);
        Assert.Equal("mount the directory ./configs/ at /etc/web/ instead of the file (PREFER_DIR_MOUNTS_FOR_CONFIG)", Text(findings[1], "fix"));
        Assert.Contains("docker-init", Text(findings[2], "message"), StringComparison.Ordinal);

        var text = await stack.RunAsync("doctor");
        Assert.True(text.ExitCode == 1, text.Describe());
        Assert.Matches(@"SEVERITY\s+SERVICE\s+CODE\s+MESSAGE\s+FIX", text.Stdout);
        Assert.Contains("1 error(s), 2 warning(s), 0 info.", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_OnlyInfo_Exit0_WarningsOnly_Exit2()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "v1\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        stack.Service("gone").Mode("recreate").FileMount("configs/app.conf", "/etc/app/app.conf");
        await stack.UpAsync();
        await Support.Cmd.RunCheckedAsync(["docker", "rm", "-f", await stack.ContainerIdAsync("gone")]);

        var result = await stack.RunAsync("doctor", "--output", "json");

        // Recreate creates the missing container: a warning, not an error.
        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Equal(
            [("app", "info", "single_file_mount"), ("gone", "warning", "container_missing")],
            result.Json().GetProperty("findings").EnumerateArray().Select(f => (Text(f, "service"), Text(f, "severity"), Text(f, "code"))));

        await stack.Compose.UpAsync("gone");
        var healthy = await stack.RunAsync("doctor");
        Assert.True(healthy.ExitCode == 0, healthy.Describe());
        Assert.Contains("0 error(s), 0 warning(s), 2 info.", healthy.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_EngineUnreachable_Exit69_BadRegistry_Exit65()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "v1\n");
        stack.Service("app").FileMount("configs/app.conf", "/etc/app/app.conf");
        stack.WriteFiles();
        var endpoint = $"unix:///tmp/nonexistent-{Guid.NewGuid():N}.sock";

        var unreachable = await stack.RunProcessAsync(["doctor"], new Dictionary<string, string?> { ["DOCKER_HOST"] = endpoint });
        Assert.True(unreachable.ExitCode == 69, unreachable.Describe());
        Assert.StartsWith($"driftless: container engine unreachable at {endpoint}", unreachable.Stderr, StringComparison.Ordinal);

        stack.Write("driftless.yaml", "version: 1\nservices:\n  app:\n    inputs: [configs/app.conf]\n    apply: reboot\n");
        var bad = await stack.RunAsync("doctor", "--output", "json");
        Assert.True(bad.ExitCode == 65, bad.Describe());
        Assert.Equal(65, bad.Json().GetProperty("exitCode").GetInt32());
    }

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();
}
