using System.Diagnostics;

namespace Driftless.IntegrationTests.Support;

/// <summary>Runs a program with an argv array (no shell) and captures its output.</summary>
public static class Cmd
{
    public static async Task<CmdResult> RunAsync(IReadOnlyList<string> argv, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', argv)} did not finish in time");
        }

        return new CmdResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit fails with the command's stderr.</summary>
    public static async Task<string> RunCheckedAsync(IReadOnlyList<string> argv, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var result = await RunAsync(argv, workingDirectory, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', argv)}` exited {result.ExitCode}: {result.Stderr}");
        }

        return result.Stdout;
    }
}
