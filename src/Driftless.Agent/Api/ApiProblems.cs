using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Driftless.Agent.Api;

/// <summary>
/// Error bodies of the API: RFC 9457 <c>application/problem+json</c> written by the framework's
/// <see cref="IProblemDetailsService"/> (source-generated serialization, so AOT clean).
/// </summary>
internal static class ApiProblems
{
    public static readonly string BodyTooLargeDetail =
        $"request body too large: the limit is {AgentApi.MaxRequestBodyBytes} bytes (1 MiB)";

    /// <summary>
    /// Sets <paramref name="status"/> and writes its problem. A client whose <c>Accept</c> excludes JSON gets
    /// the status without a body.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }

    /// <summary>Status-code pages: a problem for every 4xx/5xx that left without a body (unknown route, wrong method).</summary>
    public static Task WriteBodilessAsync(StatusCodeContext statusCode)
    {
        var context = statusCode.HttpContext;
        var status = context.Response.StatusCode;
        return WriteAsync(context, status, DefaultDetail(context, status));
    }

    /// <summary>The detail of a status no handler explained: never the request's own text beyond its path.</summary>
    public static string DefaultDetail(HttpContext context, int status) => status switch
    {
        StatusCodes.Status404NotFound => $"no such endpoint: {context.Request.Path}",
        StatusCodes.Status405MethodNotAllowed => $"method {context.Request.Method} is not allowed on {context.Request.Path}",
        StatusCodes.Status413PayloadTooLarge => BodyTooLargeDetail,
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase.ToLowerInvariant() : $"HTTP {status}",
    };
}
