namespace Driftless.IntegrationTests.Support;

public sealed record CmdResult(int ExitCode, string Stdout, string Stderr);
