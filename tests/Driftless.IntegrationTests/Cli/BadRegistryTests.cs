using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>A running stack whose registry is never valid: bad registries must leave it (and the disk) alone.</summary>
public sealed class RunningAppFixture : IAsyncLifetime
{
    public Stack Stack { get; } = new();

    public ContainerFacts Before { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stack.Write("configs/app.conf", "v1\n");
        Stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        await Stack.UpAsync();
        Stack.ReplaceAtomically("configs/app.conf", "v2\n"); // pending: a valid registry would restart the container
        Before = await Stack.FactsAsync("app");
    }

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

public sealed class BadRegistryTests(RunningAppFixture fixture) : IClassFixture<RunningAppFixture>
{
    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "yaml-syntax",
            "version: 1\nproject: {P}\nservices:\n  app:\n    inputs: [configs/app.conf\n    apply: restart\n",
            "6:5: services.app.inputs: YAML syntax error: cannot parse here (an unclosed '[', '{' or quote?)"
        },
        {
            "unknown-key",
            "version: 1\nproject: {P}\nservices:\n  app:\n    inputs: [configs/app.conf]\n    aply: restart\n",
            "6:5: services.app.aply: unknown key 'aply'; did you mean 'apply'?"
        },
        {
            "unknown-mode",
            "version: 1\nproject: {P}\nservices:\n  app:\n    inputs: [configs/app.conf]\n    apply: reboot\n",
            "6:12: services.app.apply: unknown apply mode 'reboot'; valid modes: none, restart, recreate, reload_http, signal, exec"
        },
        {
            "mode-without-its-key",
            "version: 1\nproject: {P}\nservices:\n  app:\n    inputs: [configs/app.conf]\n    apply: reload_http\n",
            "4:3: services.app.reload: missing required key 'reload' (the endpoint to call); apply: reload_http needs it"
        },
        {
            "missing-input",
            "version: 1\nproject: {P}\nservices:\n  app:\n    inputs:\n      - configs/app.conf\n      - configs/missing.conf\n",
            "7:9: services.app.inputs[1]: input 'configs/missing.conf' does not exist: {DIR}/configs/missing.conf"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRegistry_Exit65_WithFileLineColumn_AndChangesNothing(string name, string yaml, string expected)
    {
        var stack = fixture.Stack;
        var path = stack.Dir.Write($"bad-{name}.yaml", yaml.Replace("{P}", stack.Project, StringComparison.Ordinal));
        var message = $"driftless: {path}:{expected.Replace("{DIR}", stack.Dir.Path, StringComparison.Ordinal)}\n";

        foreach (var command in new[] { "plan", "status", "apply" })
        {
            var result = await DriftlessCli.RunAsync(command, "-f", path);

            Assert.True(result.ExitCode == 65, $"{command}: {result.Describe()}");
            Assert.Equal(message, result.Stderr);
            Assert.Equal(string.Empty, result.Stdout);
        }

        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task BadRegistry_WithSeveralMistakes_ReportsEveryOne_InLineOrder_Exit65()
    {
        var stack = fixture.Stack;
        var yaml = $"version: 1\nproject: {stack.Project}\ntick: soon\nservices:\n  app:\n    inptus: [configs/app.conf]\n    apply: reboot\n";
        var path = stack.Dir.Write("bad-several.yaml", yaml);
        string[] expected =
        [
            $"{path}:3:7: tick: invalid duration 'soon'; use a number with a unit, e.g. 500ms, 10s, 1m, 1m30s, 2h",
            $"{path}:6:5: services.app.inptus: unknown key 'inptus'; did you mean 'inputs'?",
            $"{path}:7:12: services.app.apply: unknown apply mode 'reboot'; valid modes: none, restart, recreate, reload_http, signal, exec",
        ];

        foreach (var command in new[] { "plan", "apply" })
        {
            var result = await DriftlessCli.RunAsync(command, "-f", path);

            Assert.True(result.ExitCode == 65, $"{command}: {result.Describe()}");
            Assert.Equal(expected.Select(e => "driftless: " + e), result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Equal(string.Empty, result.Stdout);
        }

        var json = await DriftlessCli.RunAsync("plan", "-f", path, "-o", "json");
        using var document = System.Text.Json.JsonDocument.Parse(json.Stdout);
        var errors = document.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(65, document.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal([3, 6, 7], errors.Select(e => e.GetProperty("line").GetInt32()));
        Assert.Equal(["tick", "services.app.inptus", "services.app.apply"], errors.Select(e => e.GetProperty("key").GetString()));
        Assert.All(errors, e => Assert.Equal(path, e.GetProperty("file").GetString()));

        await AssertNothingChangedAsync();
    }

    [Theory]
    [InlineData("apply", "--bogus")]
    [InlineData("plan", "--output", "yaml")]
    [InlineData("history", "--limit", "0")]
    [InlineData("frobnicate")]
    public async Task UsageError_Exit64_ChangesNothing(params string[] args)
    {
        var result = await DriftlessCli.RunAsync([.. args, "-f", fixture.Stack.RegistryPath]);

        Assert.True(result.ExitCode == 64, result.Describe());
        Assert.StartsWith("driftless: ", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("Run 'driftless --help' for usage.\n", result.Stderr, StringComparison.Ordinal);
        await AssertNothingChangedAsync();
    }

    private async Task AssertNothingChangedAsync()
    {
        Assert.False(Directory.Exists(fixture.Stack.StateDirectory), "no .driftless directory may be created");
        Assert.Equal(fixture.Before, await fixture.Stack.FactsAsync("app"));
        Assert.Equal("v1\n", await fixture.Stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));
    }
}
