namespace Driftless.Core.Errors;

/// <summary>One problem in a registry file, positioned so a user can go straight to it.</summary>
/// <param name="FilePath">The registry file.</param>
/// <param name="Line">1-based line, or 0 when the problem has no position (e.g. the file is missing).</param>
/// <param name="Column">1-based column (0 with <paramref name="Line"/> 0).</param>
/// <param name="KeyPath">Dotted key path such as <c>services.caddy.apply</c>, when known.</param>
/// <param name="Problem">What is wrong, for a user.</param>
public sealed record RegistryError(string FilePath, int Line, int Column, string? KeyPath, string Problem)
{
    /// <summary><c>file:line:column: key.path: problem</c>.</summary>
    public override string ToString()
    {
        var position = Line > 0 ? $"{FilePath}:{Line}:{Column}" : FilePath;
        return KeyPath is null ? $"{position}: {Problem}" : $"{position}: {KeyPath}: {Problem}";
    }
}
