namespace Driftless.Core.Registry;

/// <summary>The <c>reload:</c> endpoint of an <c>apply: reload_http</c> service.</summary>
/// <param name="Url">URL template; <c>${VAR}</c> is resolved from the environment when the request is made.</param>
/// <param name="Method">HTTP method (default POST).</param>
/// <param name="Headers">Header templates (<c>${VAR}</c> resolved at run time; values are never logged or printed).</param>
/// <param name="Timeout">Request timeout (default 10s).</param>
/// <param name="ExpectStatus">Accepted status codes; empty means any 2xx.</param>
public sealed record ReloadSpec(
    string Url,
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    TimeSpan Timeout,
    IReadOnlyList<int> ExpectStatus)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
}
