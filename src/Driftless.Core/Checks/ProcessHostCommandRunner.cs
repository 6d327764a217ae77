using System.Diagnostics;
using System.Text;
using Driftless.Core.Runtime;

namespace Driftless.Core.Checks;

/// <summary>
/// Host checks as child processes: argv through <see cref="ProcessStartInfo.ArgumentList"/> (no shell), stdin
/// closed, output kept to the last lines, the whole process tree killed on timeout or cancellation.
/// </summary>
public sealed class ProcessHostCommandRunner(TimeProvider time) : IHostCommandRunner
{
    private const int MaxLines = 10;
    private const int MaxChars = 1000;
    private const int KeptLines = 200;

    public async Task<CheckRunResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var info = new ProcessStartInfo(command.Argv[0])
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Argv.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        var lines = new Queue<string>();
        void Keep(string? line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }

            lock (lines)
            {
                lines.Enqueue(line.Trim());
                if (lines.Count > KeptLines)
                {
                    lines.Dequeue();
                }
            }
        }

        var started = time.GetTimestamp();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // A program that cannot start is a failed check, with the reason where the output would be.
            return new CheckRunResult(127, false, $"{command.Argv[0]}: {e.Message}", time.GetElapsedTime(started));
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(command.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token);
            // WaitForExitAsync returns once the process exited; the output readers may still be draining.
            process.WaitForExit();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new CheckRunResult(null, true, Tail(lines), time.GetElapsedTime(started));
        }

        return new CheckRunResult(process.ExitCode, false, Tail(lines), time.GetElapsedTime(started));
    }

    private static string Tail(Queue<string> lines)
    {
        string text;
        lock (lines)
        {
            text = string.Join('\n', lines.TakeLast(MaxLines));
        }

        return text.Length <= MaxChars ? text : "…" + text[^MaxChars..];
    }
}
