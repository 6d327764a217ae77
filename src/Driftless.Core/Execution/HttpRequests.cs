using Driftless.Core.Registry;

namespace Driftless.Core.Execution;

/// <summary>
/// Builds requests from registry templates. <c>${VAR}</c> is expanded here, at the last moment, and only
/// into the request: messages name the template, so secrets never reach output, events or logs.
/// </summary>
internal static class HttpRequests
{
    public static HttpRequestMessage Build(string method, string urlTemplate, IReadOnlyDictionary<string, string> headers)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(EnvironmentTemplate.Expand(urlTemplate)));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, EnvironmentTemplate.Expand(value));
        }

        return request;
    }

    public static bool Accepts(IReadOnlyList<int> expected, int status) =>
        expected.Count == 0 ? status is >= 200 and < 300 : expected.Contains(status);

    public static string Expected(IReadOnlyList<int> expected) =>
        expected.Count == 0 ? "2xx" : string.Join(" or ", expected);
}
