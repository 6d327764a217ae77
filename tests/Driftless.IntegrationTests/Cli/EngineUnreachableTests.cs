namespace Driftless.IntegrationTests.Cli;

public sealed class EngineUnreachableTests
{
    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    [InlineData("status")]
    public async Task EngineUnreachable_Exit69(string command)
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "v1\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        stack.WriteFiles();
        var endpoint = $"unix:///tmp/nonexistent-{Guid.NewGuid():N}.sock";

        var result = await stack.RunProcessAsync([command], new Dictionary<string, string?> { ["DOCKER_HOST"] = endpoint });

        Assert.True(result.ExitCode == 69, result.Describe());
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"driftless: container engine unreachable at {endpoint}: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }
}
