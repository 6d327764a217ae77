using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Driftless.Agent.Api;

/// <summary>Writes JSON bodies through the source-generated <see cref="AgentJson"/> metadata only.</summary>
internal static class ApiResponses
{
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>
    /// <see cref="AgentJson"/>'s options with the relaxed encoder: bodies are served as application/json, never
    /// embedded in HTML, so an apostrophe in a message stays an apostrophe instead of <c>\u0027</c>.
    /// </summary>
    private static readonly JsonSerializerOptions Options = new(AgentJson.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task WriteJsonAsync<T>(HttpContext context, int status, T value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        var typeInfo = (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    /// <summary>The API's one error shape: <c>{"error": "...", "status": N}</c>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new ApiError(message, status));

    /// <summary>The message for a status that no handler explained (unknown route, wrong method).</summary>
    public static string DefaultMessage(HttpContext context, int status) => status switch
    {
        StatusCodes.Status404NotFound => $"no such endpoint: {context.Request.Path}",
        StatusCodes.Status405MethodNotAllowed => $"method {context.Request.Method} is not allowed on {context.Request.Path}",
        StatusCodes.Status413PayloadTooLarge => "request body too large",
        _ => ReasonPhrase(status),
    };

    private static string ReasonPhrase(int status)
    {
        var phrase = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        return string.IsNullOrEmpty(phrase) ? $"HTTP {status}" : phrase.ToLowerInvariant();
    }
}
