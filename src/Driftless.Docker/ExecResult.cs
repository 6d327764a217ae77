namespace Driftless.Docker;

internal sealed record ExecResult(long ExitCode, byte[] Stdout, string Stderr)
{
    /// <summary>126/127: the runtime could not start the command (not in the image).</summary>
    public bool CommandMissing => ExitCode is 126 or 127;
}
