namespace Driftless.Core.Tests.Registry;

/// <summary>
/// The registry checks the JSON schema cannot express, so only the loader makes them. Every other rule is in both, and
/// the parity test holds them to the same verdict. Keep this list short: a rule a schema can state belongs in the schema.
/// </summary>
public enum ParserOnlyCheck
{
    /// <summary>Inputs and compose files must exist and be readable: a schema sees the document, not the disk.</summary>
    FilesExist,

    /// <summary>Every <c>${VAR}</c> must be set when the registry is loaded: the environment is not in the document.</summary>
    VariablesSet,

    /// <summary><c>depends_on</c> names other services of this registry, without cycles: draft-07 cannot refer from a value to other keys.</summary>
    ServiceGraph,

    /// <summary><c>wait.max</c> is not shorter than <c>wait.min</c>: draft-07 cannot compare two values.</summary>
    WaitOrder,

    /// <summary>
    /// A header name once ignoring case, a host port once per address and protocol, a container path once: uniqueness of
    /// a part of a value (<c>uniqueItems</c> compares whole values).
    /// </summary>
    UniqueParts,

    /// <summary>
    /// A duration must fit a TimeSpan (about 14,600 years), and <c>check.timeout</c> be at most 10m: a pattern cannot bound
    /// a sum of numbers with units.
    /// </summary>
    DurationRange,

    /// <summary>A URL without <c>${VAR}</c> must parse as one (e.g. a port up to 65535): RFC 3986 parsing is beyond the schema's pattern.</summary>
    UrlParses,

    /// <summary>The file holds exactly one YAML document: a schema judges one document at a time.</summary>
    OneDocument,

    /// <summary>No string holds a NUL: the schema would need a pattern on every string of the grammar.</summary>
    NoNul,

    /// <summary>An input is not the filesystem root: whether a path (<c>/</c>, <c>//</c>, <c>../..</c>) resolves to it depends on where the registry is.</summary>
    InputNotRoot,

    /// <summary>A host check's <c>{input}</c> or <c>{input:N}</c> names an input the service has: draft-07 cannot count another key's items.</summary>
    PlaceholderInRange,

    /// <summary>A secret input is listed once, and not inside a directory input that is not secret: paths resolve against the disk.</summary>
    SecretInputsApart,
}
