using Driftless.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Api;

/// <summary>
/// Makes every error a JSON <see cref="ApiError"/>: exceptions from handlers, and statuses produced without
/// a body (unknown route 404, wrong method 405, Kestrel's 413). Unexpected exceptions are logged by type
/// and message only — never with request headers or bodies, so never with a token.
/// </summary>
internal sealed partial class JsonErrorMiddleware(RequestDelegate next, ILogger<JsonErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !ClientGone(context, e))
        {
            var (status, message) = Describe(e);
            context.Response.Clear();
            await ApiResponses.WriteErrorAsync(context, status, message);
            return;
        }

        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            await ApiResponses.WriteErrorAsync(context, response.StatusCode, ApiResponses.DefaultMessage(context, response.StatusCode));
        }
    }

    /// <summary>The client hung up: nobody to answer.</summary>
    private static bool ClientGone(HttpContext context, Exception e) =>
        e is OperationCanceledException && context.RequestAborted.IsCancellationRequested;

    private (int Status, string Message) Describe(Exception e)
    {
        switch (e)
        {
            case BadHttpRequestException bad:
                return (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"request body too large: the limit is {AgentApi.MaxRequestBodyBytes} bytes (1 MiB)"
                    : "bad request");
            case OperationCanceledException:
                return (StatusCodes.Status503ServiceUnavailable, "the agent is shutting down");
            case DriftlessException known:
                return (ErrorStatuses.For(known.Kind), known.Message);
            default:
                LogUnexpected(logger, e.GetType().Name, e.Message);
                return (StatusCodes.Status500InternalServerError, "internal error (see the agent log)");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "API request failed unexpectedly: {ExceptionType}: {ExceptionMessage}")]
    private static partial void LogUnexpected(ILogger logger, string exceptionType, string exceptionMessage);
}
