namespace Driftless.Core.Errors;

/// <summary>
/// An error a user can cause or fix. Its message is written for that user and is printed without
/// a stack trace; <see cref="ExitCode"/> is the documented exit code.
/// </summary>
public class DriftlessException : Exception
{
    public DriftlessException(string message, int exitCode, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    public int ExitCode { get; }
}
