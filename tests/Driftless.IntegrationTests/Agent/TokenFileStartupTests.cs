using Driftless.IntegrationTests.Cli;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary>
/// <c>driftless agent</c> with a token file that never ends: a FIFO (whose open blocks until a writer comes) and
/// <c>/dev/zero</c> (which would fill memory), directly and through a symlink. The process exits 65 naming the path
/// instead of hanging or growing.
/// </summary>
public sealed class TokenFileStartupTests
{
    [Theory]
    [InlineData("fifo")]
    [InlineData("dev-zero")]
    [InlineData("link-to-dev-zero")]
    public async Task Agent_exits_65_naming_a_token_file_that_is_not_a_regular_file(string kind)
    {
        using var dir = new TempDir("dlk");
        dir.Write("app.conf", "v1\n");
        var token = dir.File("token");
        switch (kind)
        {
            case "fifo":
                await Cmd.RunCheckedAsync(["mkfifo", token]);
                break;
            case "dev-zero":
                token = "/dev/zero";
                break;
            default:
                File.CreateSymbolicLink(token, "/dev/zero");
                break;
        }

        var registry = dir.Write(
            "driftless.yaml",
            $"version: 1\nproject: {TestNames.Unique("dlk")}\nagent: {{token_file: {token}}}\nservices:\n  app:\n    container: none-such\n    inputs: [app.conf]\n");

        // RunProcessAsync gives up after 120 s: the bound against a hang, not a timing assertion.
        var result = await DriftlessCli.RunProcessAsync(["agent", "-f", registry, "--listen", "127.0.0.1:0"]);

        Assert.True(result.ExitCode == 65, result.Describe());
        Assert.Contains($"driftless: agent.token_file {token} is not a regular file", result.Stderr, StringComparison.Ordinal);
    }
}
