using System.Diagnostics.CodeAnalysis;
using Driftless.Core.Registry;

namespace Driftless.Core.Execution;

/// <summary>
/// Builds requests from registry templates. <c>${VAR}</c> is expanded here, at the last moment, and only into the
/// request. A problem is described by the template's part (URL, header name) and a fixed text, never by the expanded
/// value or a parser's message about it (SECRETS_SHOW_TEMPLATES, docs/design.md).
/// </summary>
internal static class HttpRequests
{
    /// <summary>The request, or why the expanded templates do not make one (a sentence naming no value).</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="urlTemplate">The URL template; the parser has checked its literal http(s) scheme.</param>
    /// <param name="headers">Header name → value template.</param>
    /// <param name="request">The request when it could be built.</param>
    /// <param name="problem">Otherwise, what is wrong, e.g. <c>is not a valid http(s) URL once ${NAME} is expanded</c>.</param>
    /// <param name="environment">Variable lookup; default: this process's environment.</param>
    public static bool TryBuild(
        string method,
        string urlTemplate,
        IReadOnlyDictionary<string, string> headers,
        [NotNullWhen(true)] out HttpRequestMessage? request,
        [NotNullWhen(false)] out string? problem,
        Func<string, string?>? environment = null)
    {
        request = null;

        // Uri's own errors ("Invalid URI: The hostname could not be parsed") are dropped with the exception: fixed text only.
        if (!Uri.TryCreate(EnvironmentTemplate.Expand(urlTemplate, environment), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.IdnHost.Length == 0)
        {
            problem = "is not a valid http(s) URL once its ${NAME} variables are expanded";
            return false;
        }

        var built = new HttpRequestMessage(new HttpMethod(method), uri);
        foreach (var (name, template) in headers)
        {
            var value = EnvironmentTemplate.Expand(template, environment);
            if (value.Any(c => c != '\t' && char.IsControl(c)) || !built.Headers.TryAddWithoutValidation(name, value))
            {
                built.Dispose();
                problem = $"header {name} is not a valid header value once its ${{NAME}} variables are expanded (a variable holds a line break or control character)";
                return false;
            }
        }

        request = built;
        problem = null;
        return true;
    }

    public static bool Accepts(IReadOnlyList<int> expected, int status) =>
        expected.Count == 0 ? status is >= 200 and < 300 : expected.Contains(status);

    public static string Expected(IReadOnlyList<int> expected) =>
        expected.Count == 0 ? "2xx" : string.Join(" or ", expected);
}
