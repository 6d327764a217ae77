using System.Diagnostics.CodeAnalysis;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Driftless.Configuration.Reload;

/// <summary>
/// Attaches the application's options validation to every Driftless reloader, once the container exists.
/// Created (and so activated) by the hosted service or by resolving the reloaders (the health check and the modules do).
/// </summary>
internal sealed class DriftlessReloadWiring
{
    [RequiresUnreferencedCode("Builds options validators for option types discovered in the service collection.")]
    [RequiresDynamicCode("Builds options validators for option types discovered in the service collection.")]
    public DriftlessReloadWiring(IServiceProvider services, IReadOnlyList<DriftlessConfigurationProvider> providers, IServiceCollection registrations)
    {
        // Enumerated now, not at AddDriftlessReload, so options registered after it are covered too.
        var validators = registrations
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            .Select(d => d.ServiceType.GenericTypeArguments[0])
            .Distinct()
            .Select(t => (IOptionsReloadValidator)Activator.CreateInstance(typeof(OptionsReloadValidator<>).MakeGenericType(t))!)
            .ToArray();

        OptionTypeCount = validators.Length;
        if (validators.Length == 0)
        {
            return;
        }

        foreach (var provider in providers)
        {
            provider.Reloader.AddValidator(candidate => Validate(services, provider, validators, candidate));
        }
    }

    public int OptionTypeCount { get; }

    private static List<string> Validate(
        IServiceProvider services, DriftlessConfigurationProvider provider, IOptionsReloadValidator[] validators, ConfigSnapshot candidate)
    {
        using var preview = provider.Preview(candidate);
        var failures = new List<string>();
        foreach (var validator in validators)
        {
            failures.AddRange(validator.Validate(services));
        }

        return failures;
    }
}
