using System.Globalization;
using System.Text.Encodings.Web;
using Driftless.Agent.Control;
using Driftless.Agent.Metrics;
using Driftless.Core.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Driftless.Agent.Api;

/// <summary>
/// The agent's HTTP API (docs/agent-api.md). Handlers are plain <see cref="RequestDelegate"/>s writing
/// through <see cref="AgentJson"/>; errors are the framework's problem details. No reflection anywhere, so
/// the native AOT CLI serves it unchanged.
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

    /// <summary>Problem details, the exception handler, and the bearer scheme behind <c>RequireAuthorization</c>.</summary>
    public static IServiceCollection AddAgentApi(this IServiceCollection services, ApiToken token)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(token);
        services.AddSingleton(token);
        // Bodies are served as JSON, never embedded in HTML: an apostrophe in a detail stays an apostrophe.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // AddAuthenticationCore, not AddAuthentication: the latter also brings data protection, whose key ring
        // a bearer scheme never uses but which writes keys under $HOME and warns at every start without one.
        services.AddAuthenticationCore(authentication => authentication.DefaultScheme = BearerTokenHandler.SchemeName);
        services.AddWebEncoders();
        services.TryAddSingleton(TimeProvider.System);
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, configureOptions: null);
        services.AddAuthorization();
        return services;
    }

    /// <summary>
    /// Exceptions and bodiless statuses become problems; then routing, the token, and the 1 MiB body bound
    /// (after the token, so an unauthenticated client cannot make the agent buffer a body).
    /// </summary>
    public static IApplicationBuilder UseAgentApiMiddleware(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // ApiExceptionHandler logs what it must; the framework's own log line would carry the full exception.
            SuppressDiagnosticsCallback = _ => true,
            // UnknownService is a 404 by design, not a misrouted handler.
            AllowStatusCode404Response = true,
        });
        app.UseStatusCodePages(ApiProblems.WriteBodilessAsync);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<BodyLimitMiddleware>();
        return app;
    }

    /// <summary>
    /// Every endpoint needs the token unless it says otherwise: a mutating endpoint added later is protected
    /// without anyone remembering to. The reads are open.
    /// </summary>
    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("").RequireAuthorization();
        api.MapGet("/v1/status", StatusAsync).AllowAnonymous();
        api.MapGet("/v1/history", HistoryAsync).AllowAnonymous();
        api.MapGet("/metrics", MetricsAsync).AllowAnonymous();
        api.MapGet("/healthz", HealthAsync).AllowAnonymous();
        api.MapPost("/v1/reconcile", ReconcileAsync);
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
            throw new DriftlessException(ErrorKind.Usage, $"limit must be a whole number from 1 to {MaxHistoryLimit}");
        }

        var events = await Control(context).HistoryAsync(ServiceParameter(context), limit, context.RequestAborted);
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new HistoryResponse(events));
    }

    private static async Task ReconcileAsync(HttpContext context)
    {
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

    /// <summary>200 while the loop keeps up, 503 with the problem when it is stuck; never cached.</summary>
    private static Task HealthAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        var health = Control(context).Health();
        return health.Healthy
            ? ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new HealthResponse("ok"))
            : ApiProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, health.Problem ?? "the agent is unhealthy");
    }

    private static IAgentControl Control(HttpContext context) => context.RequestServices.GetRequiredService<IAgentControl>();

    /// <summary><c>?service=</c>: absent or empty means all services.</summary>
    private static string? ServiceParameter(HttpContext context)
    {
        var value = context.Request.Query["service"].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
