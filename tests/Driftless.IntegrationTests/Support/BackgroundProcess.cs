using System.Diagnostics;
using System.Text;

namespace Driftless.IntegrationTests.Support;

/// <summary>A child process running in the background, its standard output and error collected line by line.</summary>
public sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="start"/> with both streams redirected into <see cref="Output"/>.</summary>
    public static BackgroundProcess Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var child = new BackgroundProcess(Process.Start(start)!);
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL: no handler, no finally block runs.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Sends <paramref name="signal"/> (<c>TERM</c>, <c>INT</c>) and waits at most <paramref name="bound"/> for the exit code.</summary>
    public async Task<int> SignalAsync(string signal, TimeSpan bound)
    {
        await Cmd.RunCheckedAsync(["kill", "-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return await WaitForExitAsync(bound);
    }

    public async Task<int> WaitForExitAsync(TimeSpan bound)
    {
        using var cancel = new CancellationTokenSource(bound);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
