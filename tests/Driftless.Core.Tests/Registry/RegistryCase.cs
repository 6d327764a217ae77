namespace Driftless.Core.Tests.Registry;

/// <summary>
/// A registry document and the verdict both the parser and the JSON schema must give it (see <see cref="RegistryCases"/>).
/// </summary>
/// <param name="Yaml">The document; the inputs and variables it uses are those of <see cref="RegistryCases.CreateInputs"/> and <see cref="RegistryCases.Environment"/>.</param>
/// <param name="IsValid">Whether the document must be accepted.</param>
/// <param name="KeyPath">For an invalid document, the key path of the parser's first error (null when it has none, e.g. an empty file).</param>
/// <param name="Expect">What a test that uses the case checks besides the verdict: the start of the first problem, or a value read.</param>
public sealed record RegistryCase(string Yaml, bool IsValid, string? KeyPath, string? Expect)
{
    /// <summary>Unique; set from the field (or family and label) that holds the case.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Set when only the parser can reject the document: the check the schema cannot express.</summary>
    public ParserOnlyCheck? ParserOnly { get; init; }

    /// <summary>The first error's line and column, when a test checks them.</summary>
    public (int Line, int Column)? At { get; init; }

    /// <summary>A different environment than <see cref="RegistryCases.Environment"/>, when the case needs one.</summary>
    public Func<string, string?>? Environment { get; init; }

    public override string ToString() => Name;
}
