using System.Globalization;
using Driftless.Agent.Control;
using Driftless.Agent.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Driftless.Agent.Api;

/// <summary>
/// The agent's HTTP API (docs/agent-api.md). Handlers are plain <see cref="RequestDelegate"/>s writing
/// through <see cref="AgentJson"/>: no reflection, so the native AOT CLI serves it unchanged.
/// </summary>
public static class AgentApi
{
    /// <summary>Request bodies are bounded at 1 MiB (Kestrel's limit and <see cref="BodyLimitMiddleware"/>).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public const int DefaultHistoryLimit = 50;

    public const int MaxHistoryLimit = 1000;

    /// <summary>Status of <c>POST /v1/reconcile</c> when the pass ran but a service failed (body: the result).</summary>
    public const int ReconcileFailedStatus = StatusCodes.Status409Conflict;

    public const string MetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Error bodies for every status, then the 1 MiB body bound, before any endpoint runs.</summary>
    public static IApplicationBuilder UseAgentApiMiddleware(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<JsonErrorMiddleware>();
        app.UseMiddleware<BodyLimitMiddleware>();
        return app;
    }

    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/v1/status", StatusAsync);
        endpoints.MapGet("/v1/history", HistoryAsync);
        endpoints.MapPost("/v1/reconcile", ReconcileAsync);
        endpoints.MapGet("/metrics", MetricsAsync);
        endpoints.MapGet("/healthz", HealthAsync);
        return endpoints;
    }

    private static async Task StatusAsync(HttpContext context)
    {
        var status = await Control(context).StatusAsync(context.RequestAborted);
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, status);
    }

    private static async Task HistoryAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var limit = DefaultHistoryLimit;
        if (query.TryGetValue("limit", out var rawLimit)
            && (rawLimit.Count != 1
                || !int.TryParse(rawLimit[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit)
                || limit is < 1 or > MaxHistoryLimit))
        {
            await ApiResponses.WriteErrorAsync(
                context, StatusCodes.Status400BadRequest, $"limit must be a whole number from 1 to {MaxHistoryLimit}");
            return;
        }

        var events = await Control(context).HistoryAsync(ServiceParameter(context), limit, context.RequestAborted);
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new HistoryResponse(events));
    }

    private static async Task ReconcileAsync(HttpContext context)
    {
        var token = context.RequestServices.GetRequiredService<ApiToken>();
        if (!token.IsConfigured)
        {
            await ApiResponses.WriteErrorAsync(
                context,
                StatusCodes.Status403Forbidden,
                "no API token is configured: set agent.token_file (a file holding the token) or agent.token_env "
                + "(the name of an environment variable holding it) in the registry, then restart the agent");
            return;
        }

        if (!token.Accepts(context.Request.Headers.Authorization))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiResponses.WriteErrorAsync(
                context, StatusCodes.Status401Unauthorized, "missing or wrong bearer token (Authorization: Bearer <token>)");
            return;
        }

        var result = await Control(context).ReconcileAsync(ServiceParameter(context), context.RequestAborted);
        var status = result.Succeeded ? StatusCodes.Status200OK : ReconcileFailedStatus;
        await ApiResponses.WriteJsonAsync(context, status, result);
    }

    private static async Task MetricsAsync(HttpContext context)
    {
        var metrics = context.RequestServices.GetRequiredService<AgentMetrics>();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = MetricsContentType;
        await metrics.WriteAsync(context.Response.Body, context.RequestAborted);
    }

    private static Task HealthAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new HealthResponse("ok"));
    }

    private static IAgentControl Control(HttpContext context) => context.RequestServices.GetRequiredService<IAgentControl>();

    /// <summary><c>?service=</c>: absent or empty means all services.</summary>
    private static string? ServiceParameter(HttpContext context)
    {
        var value = context.Request.Query["service"].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
