namespace Driftless.Core.Runtime;

/// <summary>The result of a command run inside a container.</summary>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="OutputTail">The last lines of stdout and stderr together, truncated (for events; never config contents by design of the command).</param>
public sealed record ExecOutcome(long ExitCode, string OutputTail);
