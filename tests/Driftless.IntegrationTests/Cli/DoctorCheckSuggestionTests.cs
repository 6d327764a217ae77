using System.Text.Json;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>
/// <c>driftless doctor</c> suggests a <c>check:</c> for a Caddy container that has none (issue 11): as info, so the exit code
/// stays 0; and the suggestion, pasted into the registry, is a check that passes a good Caddyfile and refuses a bad one.
/// </summary>
public sealed class DoctorCheckSuggestionTests
{
    private const string Suggested = "[caddy, validate, --config, /etc/caddy/Caddyfile, --adapter, caddyfile]";

    [Fact]
    public async Task CaddyWithoutCheck_InfoSuggestion_Exit0_AndThePastedCheckValidates()
    {
        await using var stack = new Stack();
        stack.Write("configs/caddy/Caddyfile", ":8080 {\n\trespond \"v1\"\n}\n");
        stack.Write("configs/app/app.conf", "v1\n");
        var edge = stack.Service("edge").FromImage(TestNames.CaddyImage).DirectoryMount("configs/caddy", "/etc/caddy").Mode("restart");
        stack.Service("app").DirectoryMount("configs/app", "/etc/app").Mode("restart");
        await stack.UpAsync();

        var json = await stack.RunAsync("doctor", "--output", "json");

        Assert.True(json.ExitCode == 0, json.Describe());
        var finding = Assert.Single(json.Json().GetProperty("findings").EnumerateArray());
        Assert.Equal(("edge", "info", "check_suggested"), (Text(finding, "service"), Text(finding, "severity"), Text(finding, "code")));
        Assert.Equal(
            $"no check: configured, and image {TestNames.CaddyImage} runs Caddy, whose own validator can refuse a bad configuration before an apply touches the service; it reads /etc/caddy/Caddyfile (named by the server's command line)",
            Text(finding, "message"));
        var fix = Text(finding, "fix")!;
        Assert.Equal($"add `check: {{exec: {Suggested}}}` under services.edge (see docs/check.md)", fix);

        var text = await stack.RunAsync("doctor");
        Assert.True(text.ExitCode == 0, text.Describe());
        Assert.Contains("check_suggested", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 error(s), 0 warning(s), 1 info.", text.Stdout, StringComparison.Ordinal);

        // Pasted as doctor wrote it, the check silences the suggestion and is Caddy's real validator.
        var snippet = fix.Split('`')[1];
        edge.Key("check", snippet["check: ".Length..]);
        stack.WriteFiles();
        var quiet = await stack.RunAsync("doctor", "--output", "json");
        Assert.True(quiet.ExitCode == 0, quiet.Describe());
        Assert.Empty(quiet.Json().GetProperty("findings").EnumerateArray());
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());

        stack.ReplaceAtomically("configs/caddy/Caddyfile", ":8080 {\n\tbogus_directive\n}\n");
        var rejected = await stack.RunAsync("apply", "--output", "json");

        Assert.True(rejected.ExitCode == 1, rejected.Describe());
        var e = Assert.Single(rejected.Json().GetProperty("events").EnumerateArray(), ev => Text(ev, "service") == "edge");
        Assert.Equal(("rejected", "check_failed"), (Text(e, "result"), Text(e, "reason")));
        Assert.Contains("unrecognized directive: bogus_directive", Text(e, "output"), StringComparison.Ordinal);

        stack.ReplaceAtomically("configs/caddy/Caddyfile", ":8080 {\n\trespond \"v2\"\n}\n");
        var applied = await stack.RunAsync("apply");
        Assert.True(applied.ExitCode == 0, applied.Describe());
    }

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();
}
