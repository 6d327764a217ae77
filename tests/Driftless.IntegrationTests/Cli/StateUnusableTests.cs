using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>A state.db that is not a database is exit 74 with the path, for every command, and is left as it is.</summary>
public sealed class StateUnusableTests
{
    [Theory]
    [InlineData("plan")]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("apply")]
    public async Task GarbageStateDatabase_IsExit74_NamingIt_AndLeftUntouched(string command)
    {
        using var dir = new TempDir();
        dir.Write("configs/app.conf", "v1\n");
        var registry = dir.Write("driftless.yaml", $"version: 1\nproject: {TestNames.Unique()}\nservices:\n  app:\n    inputs: [configs/app.conf]\n");
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
        var stateDb = dir.Write(".driftless/state.db", string.Empty);
        await File.WriteAllBytesAsync(stateDb, garbage);

        var result = await DriftlessCli.RunAsync(command, "-f", registry);

        Assert.True(result.ExitCode == 74, result.Describe());
        Assert.Contains(stateDb, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(stateDb));
    }
}
