using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Driftless.Configuration.Reload;

/// <summary>Runs the app's registered options pipeline for <typeparamref name="TOptions"/> and returns its validation failures.</summary>
internal sealed class OptionsReloadValidator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>
    : IOptionsReloadValidator
    where TOptions : class
{
    public IReadOnlyList<string> Validate(IServiceProvider services)
    {
        // The factory, not IOptionsMonitor: a rejected candidate must not land in the monitor's cache.
        var factory = services.GetRequiredService<IOptionsFactory<TOptions>>();
        try
        {
            factory.Create(Options.DefaultName);
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (InvalidOperationException ex)
        {
            // The binder's conversion failures name the key and type, not the value.
            return [$"{typeof(TOptions).Name}: {ex.Message}"];
        }
    }
}
