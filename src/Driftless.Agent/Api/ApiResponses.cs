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
}
