namespace Driftless.Core.Errors;

/// <summary>
/// An error a user can cause or fix. Its message is written for that user and is printed without a stack
/// trace; <see cref="Kind"/> tells each surface how to answer (an exit code, an HTTP status).
/// </summary>
public class DriftlessException : Exception
{
    public DriftlessException(ErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    public ErrorKind Kind { get; }
}
