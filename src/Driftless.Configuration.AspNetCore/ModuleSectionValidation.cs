using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration.AspNetCore;

/// <summary>Runs a module's own check (<see cref="IValidatableModuleConfig"/>) on a proposed section before it is written.</summary>
internal static class ModuleSectionValidation
{
    /// <summary>What is wrong with <paramref name="newSection"/>, seen as the module will see it; empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(IValidatableModuleConfig validatable, string section, JsonObject newSection)
    {
        var wrapper = new JsonObject();
        ConfigJson.ReplaceSection(wrapper, section, (JsonObject)newSection.DeepClone());
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(wrapper.ToJsonString()));
        var candidate = new ConfigurationBuilder().AddJsonStream(stream).Build();
        try
        {
            return new Dictionary<string, string[]>(validatable.Validate(candidate.GetSection(section)), StringComparer.OrdinalIgnoreCase);
        }
        finally
        {
            (candidate as IDisposable)?.Dispose();
        }
    }
}
