using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Driftless.Agent.Api;

/// <summary>
/// Bounds request bodies at <see cref="AgentApi.MaxRequestBodyBytes"/> on every endpoint, including those that
/// never read a body (Kestrel's own limit only bites when a handler reads): a declared Content-Length above
/// the limit is answered 413 at once; a chunked body is read (and discarded) at most to the limit, then
/// answered 413 when more follows. Bodies are never logged.
/// </summary>
internal sealed class BodyLimitMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is { } length)
        {
            if (length > AgentApi.MaxRequestBodyBytes)
            {
                await RejectAsync(context);
                return;
            }
        }
        else if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            && !await BufferWithinLimitAsync(context))
        {
            await RejectAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>Reads a body of unknown length into memory up to the limit; false when it is longer.</summary>
    private static async Task<bool> BufferWithinLimitAsync(HttpContext context)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > AgentApi.MaxRequestBodyBytes)
                {
                    return false;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }

        buffer.Position = 0;
        context.Request.Body = buffer;
        context.Response.RegisterForDispose(buffer);
        return true;
    }

    private static Task RejectAsync(HttpContext context)
    {
        // The rest of the body is not wanted: close the connection instead of draining it.
        context.Response.Headers.Connection = "close";
        return ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ApiProblems.BodyTooLargeDetail);
    }
}
