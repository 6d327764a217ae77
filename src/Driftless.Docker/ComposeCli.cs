using System.ComponentModel;
using System.Diagnostics;
using Driftless.Core.Errors;
using Driftless.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace Driftless.Docker;

/// <summary>The compose command line: v2 <c>docker compose</c> when present, else v1 <c>docker-compose</c>.</summary>
internal sealed class ComposeCli(ILogger<ComposeCli> logger) : IDisposable
{
    private const int StderrTailLines = 10;
    private readonly SemaphoreSlim detecting = new(1, 1);
    private string[]? command;

    /// <summary>argv prefix of the compose command (detected once, then cached).</summary>
    public async Task<IReadOnlyList<string>> DetectAsync(CancellationToken cancellationToken)
    {
        if (command is { } known)
        {
            return known;
        }

        await detecting.WaitAsync(cancellationToken);
        try
        {
            if (command is null)
            {
                // v2 is a Go plugin: asking it is cheap (~20 ms). v1 is a Python program whose
                // `version` alone costs ~0.7 s, paid on every apply: found on PATH is enough (a
                // broken install fails at `up`, and that error is reported).
                if (await TryRunAsync(["docker", "compose", "version"], null, cancellationToken) is { ExitCode: 0 })
                {
                    command = ["docker", "compose"];
                }
                else if (OnPath("docker-compose"))
                {
                    command = ["docker-compose"];
                }

                if (command is not null)
                {
                    Log.ComposeDetected(logger, string.Join(' ', command));
                }
            }

            return command ?? throw new DriftlessException(
                ErrorKind.ApplyFailed,
                "neither `docker compose` (v2) nor `docker-compose` (v1) is available");
        }
        finally
        {
            detecting.Release();
        }
    }

    /// <summary><c>up -d --no-deps --force-recreate SERVICE</c> with the user's files plus the override.</summary>
    public async Task UpAsync(RecreateRequest request, CancellationToken cancellationToken)
    {
        var prefix = await DetectAsync(cancellationToken);
        List<string> argv = [.. prefix, "-p", request.Project];
        foreach (var file in request.ComposeFiles)
        {
            argv.AddRange(["-f", file]);
        }

        argv.AddRange(["-f", request.OverridePath, "up", "-d", "--no-deps", "--force-recreate", request.Service]);
        var result = await TryRunAsync(argv, request.WorkingDirectory, cancellationToken)
            ?? throw new DriftlessException(ErrorKind.ApplyFailed, $"cannot start `{prefix[0]}` to recreate service '{request.Service}'");
        if (result.ExitCode != 0)
        {
            Log.ComposeFailed(logger, request.Service, result.ExitCode);
            var tail = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(StderrTailLines);
            throw new DriftlessException(
                ErrorKind.ApplyFailed,
                $"compose failed to recreate service '{request.Service}' (exit {result.ExitCode}):{Environment.NewLine}{string.Join(Environment.NewLine, tail)}");
        }
    }

    /// <summary>An executable file named <paramref name="program"/> in a directory of PATH.</summary>
    internal static bool OnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows()
                || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs argv (no shell); null when the program cannot be started.</summary>
    internal static async Task<ProcessResult?> TryRunAsync(IReadOnlyList<string> argv, string? workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
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

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            return null;
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => detecting.Dispose();
}
