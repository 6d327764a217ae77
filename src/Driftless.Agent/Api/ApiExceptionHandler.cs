using Driftless.Core.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Api;

/// <summary>
/// Answers an exception from an endpoint with a problem: a <see cref="DriftlessException"/> by its kind
/// (<see cref="ErrorStatuses"/>) and its message, written for the user; anything else 500 with a generic
/// detail, logged by type and message only — never request headers or bodies, so never a token. A client
/// that hung up gets no answer.
/// </summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    private const string UnexpectedDetail = "internal error (see the agent log)";

    private const string ShuttingDownDetail = "the agent is shutting down";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException or IOException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // Nobody is listening; 499 only names the outcome for the server's own metrics.
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var (status, detail) = Describe(httpContext, exception);
        await ApiProblems.WriteAsync(httpContext, status, detail);
        return true;
    }

    private (int Status, string Detail) Describe(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case DriftlessException known:
                return (ErrorStatuses.For(known.Kind), known.Message);
            case BadHttpRequestException bad:
                // Kestrel's messages may quote the request (a header value, the request line): not echoed.
                return (bad.StatusCode, ApiProblems.DefaultDetail(context, bad.StatusCode));
            case OperationCanceledException:
                // Not the client hanging up (answered above): the host is stopping and cancelled the work.
                return (StatusCodes.Status503ServiceUnavailable, ShuttingDownDetail);
            default:
                Log.UnexpectedException(logger, exception.GetType().Name, exception.Message);
                return (StatusCodes.Status500InternalServerError, UnexpectedDetail);
        }
    }
}
