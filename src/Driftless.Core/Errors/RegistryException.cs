namespace Driftless.Core.Errors;

/// <summary>
/// An invalid registry: every problem found in the file, sorted by position, one per line of the message
/// (<c>file:line:column: key.path: problem</c>), so a user fixes them all in one round.
/// </summary>
public sealed class RegistryException : DriftlessException
{
    public RegistryException(IReadOnlyList<RegistryError> errors, Exception? inner = null)
        : base(ErrorKind.InvalidRegistry, Format(errors), inner)
    {
        Errors = errors;
    }

    public RegistryException(string filePath, int line, int column, string? keyPath, string problem, Exception? inner = null)
        : this([new RegistryError(filePath, line, column, keyPath, problem)], inner)
    {
    }

    /// <summary>Every problem, sorted by line then column; never empty.</summary>
    public IReadOnlyList<RegistryError> Errors { get; }

    /// <summary>The first problem's file.</summary>
    public string FilePath => Errors[0].FilePath;

    /// <summary>The first problem's line (0 when it has no position).</summary>
    public int Line => Errors[0].Line;

    public int Column => Errors[0].Column;

    public string? KeyPath => Errors[0].KeyPath;

    public string Problem => Errors[0].Problem;

    private static string Format(IReadOnlyList<RegistryError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        return string.Join('\n', errors.Select(e => e.ToString()));
    }
}
