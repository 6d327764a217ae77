namespace Driftless.Core.Registry;

/// <summary><c>verify.http</c>: a GET that must answer an expected status (and body) after an apply.</summary>
/// <param name="Url">URL template (<c>${VAR}</c> resolved at run time).</param>
/// <param name="ExpectStatus">Accepted status codes; empty means any 2xx.</param>
/// <param name="BodyContains">A substring the body must contain, when set.</param>
/// <param name="Headers">Header templates (<c>${VAR}</c> resolved at run time; never printed).</param>
public sealed record HttpCheckSpec(
    string Url,
    IReadOnlyList<int> ExpectStatus,
    string? BodyContains,
    IReadOnlyDictionary<string, string> Headers);
