using Driftless.Configuration.Modules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Driftless.Configuration.AspNetCore;

/// <summary>What a <c>{name}/config</c> request is about: the module by that name and where the configuration lives.</summary>
internal sealed class ModuleConfigRequest
{
    private readonly DriftlessModulesEndpointOptions _options;

    private ModuleConfigRequest(string name, IServiceProvider services, DriftlessModulesEndpointOptions options, IReconfigurable? module)
    {
        Name = name;
        Services = services;
        _options = options;
        Module = module;
    }

    /// <summary>The module name from the route.</summary>
    public string Name { get; }

    public IServiceProvider Services { get; }

    /// <summary>The <c>IReconfigurable</c> module of that name (case-insensitive); null when there is none.</summary>
    public IReconfigurable? Module { get; }

    /// <summary>Named in <see cref="DriftlessModulesEndpointOptions.KnownModules"/>: the module exists but is not reconfigurable.</summary>
    public bool IsKnown => _options.KnownModules.Contains(Name, StringComparer.OrdinalIgnoreCase);

    public static ModuleConfigRequest From(HttpContext context)
    {
        var name = context.GetRouteValue("name") as string ?? string.Empty;
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<DriftlessModulesEndpointOptions>>().Value;
        var module = services.GetServices<IReconfigurable>()
            .FirstOrDefault(m => m is not null && string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        return new ModuleConfigRequest(name, services, options, module);
    }

    /// <summary>The PostgreSQL document a PUT writes to; null when the configuration has none.</summary>
    public PostgresConfigDocument? FindDocument() => PostgresConfigDocument.Find(Services, _options.DocumentKey);
}
