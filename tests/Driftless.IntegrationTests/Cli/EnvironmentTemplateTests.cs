using System.Text;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary><c>${VAR}</c> in reload URLs and headers: resolved from the environment, never printed or recorded.</summary>
public sealed class EnvironmentTemplateTests
{
    [Fact]
    public async Task MissingEnvVar_Exit65_NamingIt_ValueNeverPrinted()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var portVariable = "DLT_PORT_" + suffix;
        var tokenVariable = "DLT_TOKEN_" + suffix;
        var token = "tok-" + Guid.NewGuid().ToString("N");
        await using var stack = new Stack();
        var port = FreePort.Next();
        stack.Write("configs/rl/app.conf", "version = 1\n");
        stack.Service("rl").FromImage(TestNames.ReloaderImage).Publish(port, 8080)
            .DirectoryMount("configs/rl", "/etc/app")
            .Mode("reload_http")
            .Reload($"http://127.0.0.1:${{{portVariable}}}/cgi-bin/reload", extra: $"headers: {{Authorization: \"Bearer ${{{tokenVariable}}}\"}}");
        await stack.UpAsync();
        await Http.WaitUntilServingAsync(port, "/cgi-bin/config");
        var events = stack.Dir.File("events.jsonl");
        var outputs = new List<CmdResult>();
        var both = new Dictionary<string, string?> { [portVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), [tokenVariable] = token };
        var tokenOnly = new Dictionary<string, string?> { [portVariable] = null, [tokenVariable] = token };

        async Task<CmdResult> Run(IReadOnlyDictionary<string, string?> environment, params string[] args)
        {
            var result = await stack.RunProcessAsync(args, environment);
            outputs.Add(result);
            return result;
        }

        var adopt = await Run(both, "apply", "--events", events, "--verbose");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        stack.ReplaceAtomically("configs/rl/app.conf", "version = 2\n");

        foreach (var command in new[] { "plan", "apply", "status" })
        {
            var missing = command == "apply"
                ? await Run(tokenOnly, command, "--events", events, "--verbose")
                : await Run(tokenOnly, command, "--verbose");
            Assert.True(missing.ExitCode == 65, $"{command}: {missing.Describe()}");
            Assert.Contains(portVariable, missing.Stderr, StringComparison.Ordinal);
            Assert.Contains("not set", missing.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal("version = 1\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);

        // With both set, the reload runs (the token is sent) and the change is applied in place.
        var apply = await Run(both, "apply", "--events", events, "--verbose");
        Assert.True(apply.ExitCode == 0, apply.Describe());
        Assert.Equal("version = 2\n", (await Http.GetAsync(port, "/cgi-bin/config")).Body);
        var history = await Run(both, "history", "--output", "json");
        Assert.Equal(0, history.ExitCode);
        Assert.Equal(2, Stack.ReadEvents(events).Count);

        Assert.All(outputs, o =>
        {
            Assert.DoesNotContain(token, o.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(token, o.Stderr, StringComparison.Ordinal);
        });
        Assert.Contains(outputs, o => o.Stderr.Length > 0);
        Assert.DoesNotContain(token, File.ReadAllText(events), StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(stack.StateDirectory, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(token, Encoding.Latin1.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
        }
    }
}
