using Driftless.Core.Checks;

namespace Driftless.Core.Tests.Checks;

/// <summary>Host checks as real child processes: argv without a shell, exit codes, output tail, timeout kills.</summary>
public sealed class ProcessHostCommandRunnerTests
{
    private readonly ProcessHostCommandRunner _runner = new(TimeProvider.System);

    [Fact]
    public async Task Argv_IsPassedWithoutAShell_AndExitCodeAndOutputAreReported()
    {
        // A shell would expand $HOME and split on the space; argv keeps both literal.
        var result = await _runner.RunAsync(new HostCommand(["sh", "-c", "echo \"$0\"; echo bad line >&2; exit 3", "$HOME x"], Path.GetTempPath(), TimeSpan.FromMinutes(1)), CancellationToken.None);

        Assert.Equal((3L, false, false), (result.ExitCode, result.TimedOut, result.Passed));
        Assert.Contains("$HOME x", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("bad line", result.OutputTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_KeepsOnlyTheLastLines()
    {
        var result = await _runner.RunAsync(new HostCommand(["seq", "1", "500"], Path.GetTempPath(), TimeSpan.FromMinutes(1)), CancellationToken.None);

        Assert.True(result.Passed);
        Assert.Equal(string.Join('\n', Enumerable.Range(491, 10)), result.OutputTail);
    }

    [Fact]
    public async Task Timeout_KillsTheProcess_AndIsReported()
    {
        var result = await _runner.RunAsync(new HostCommand(["sleep", "600"], Path.GetTempPath(), TimeSpan.FromMilliseconds(200)), CancellationToken.None);

        Assert.Equal((null, true, false), (result.ExitCode, result.TimedOut, result.Passed));
    }

    [Fact]
    public async Task MissingProgram_IsAFailedCheck()
    {
        var result = await _runner.RunAsync(new HostCommand(["/nonexistent/validator"], Path.GetTempPath(), TimeSpan.FromMinutes(1)), CancellationToken.None);

        Assert.Equal(127L, result.ExitCode);
        Assert.Contains("/nonexistent/validator", result.OutputTail, StringComparison.Ordinal);
    }
}
