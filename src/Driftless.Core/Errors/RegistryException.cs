namespace Driftless.Core.Errors;

/// <summary>Invalid registry or input (exit 65). Carries the position so the message can name file:line:column and key path.</summary>
public sealed class RegistryException : DriftlessException
{
    public RegistryException(string filePath, int line, int column, string? keyPath, string problem, Exception? inner = null)
        : base(Format(filePath, line, column, keyPath, problem), ExitCodes.InvalidInput, inner)
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        KeyPath = keyPath;
        Problem = problem;
    }

    public string FilePath { get; }

    /// <summary>1-based line, or 0 when the problem has no position (e.g. the file is missing).</summary>
    public int Line { get; }

    public int Column { get; }

    /// <summary>Dotted key path such as <c>services.caddy.apply</c>, when known.</summary>
    public string? KeyPath { get; }

    public string Problem { get; }

    private static string Format(string filePath, int line, int column, string? keyPath, string problem)
    {
        var position = line > 0 ? $"{filePath}:{line}:{column}" : filePath;
        return keyPath is null ? $"{position}: {problem}" : $"{position}: {keyPath}: {problem}";
    }
}
