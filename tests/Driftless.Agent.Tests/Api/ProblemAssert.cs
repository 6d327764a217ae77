using System.Net;
using System.Text.Json;

namespace Driftless.Agent.Tests.Api;

/// <summary>Assertions on the API's error shape: RFC 9457 problem details.</summary>
internal static class ProblemAssert
{
    public const string MediaType = "application/problem+json";

    /// <summary>
    /// Asserts an <c>application/problem+json</c> body with <c>status</c> equal to the response status, a
    /// <c>title</c>, and a <c>detail</c> containing <paramref name="detailContains"/>; returns the detail.
    /// </summary>
    public static async Task<string> IsProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string detailContains)
    {
        using var json = await ProblemOf(response, expected);
        var detail = json.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains(detailContains, detail, StringComparison.OrdinalIgnoreCase);
        return detail;
    }

    /// <summary>Asserts the status and the problem shape and returns the parsed body.</summary>
    public static async Task<JsonDocument> ProblemOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body}");
        Assert.Equal(MediaType, response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal((int)expected, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()), body);
        Assert.Equal(JsonValueKind.String, root.GetProperty("detail").ValueKind);
        Assert.False(root.TryGetProperty("error", out _), "the old {error, status} shape is gone: " + body);
        return json;
    }
}
