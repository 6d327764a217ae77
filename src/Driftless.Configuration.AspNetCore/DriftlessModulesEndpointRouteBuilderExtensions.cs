using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Driftless.Configuration.AspNetCore;

/// <summary>Maps the module configuration endpoints.</summary>
public static class DriftlessModulesEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET {prefix}/{name}/config</c> (the module's section as JSON, secrets redacted; authenticated users) and
    /// <c>PUT {prefix}/{name}/config</c> (writes the section into the PostgreSQL configuration document, then reloads so the
    /// module reconfigures itself; requires <paramref name="authorizationPolicy"/>, or the default policy when null).
    /// </summary>
    /// <remarks>
    /// Modules are the <c>IReconfigurable</c> services, found by name; <see cref="DriftlessModulesEndpointOptions.KnownModules"/>
    /// names the others. Errors are problem details: 400 invalid JSON or configuration, 404 unknown module, 409 stale
    /// <c>If-Match</c>, 413 body over 1 MiB, 501 module not reconfigurable. Bodies and values are never logged.
    /// </remarks>
    /// <returns>The route group, for further conventions (rate limiting, CORS, more authorization).</returns>
    public static RouteGroupBuilder MapDriftlessModules(
        this IEndpointRouteBuilder endpoints, string prefix = "/api/v1/modules", string? authorizationPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);

        var group = endpoints.MapGroup(prefix);
        group.MapGet("/{name}/config", new RequestDelegate(ModuleConfigEndpoints.GetAsync))
            .RequireAuthorization()
            .WithName("GetDriftlessModuleConfig");
        var put = group.MapMethods("/{name}/config", [HttpMethods.Put], new RequestDelegate(ModuleConfigEndpoints.PutAsync))
            .WithName("PutDriftlessModuleConfig");
        if (authorizationPolicy is null)
        {
            put.RequireAuthorization();
        }
        else
        {
            put.RequireAuthorization(authorizationPolicy);
        }

        return group;
    }
}
