namespace Driftless.Docker;

internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);
