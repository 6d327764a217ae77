using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration.AspNetCore;

/// <summary>
/// Optionally implemented by an <c>IReconfigurable</c> module: checks a proposed section before a PUT writes it.
/// </summary>
public interface IValidatableModuleConfig
{
    /// <summary>
    /// Returns what is wrong with <paramref name="candidate"/> (empty when it is valid), keyed by the relative key.
    /// Messages are returned to the caller: name keys and rules, never echo values.
    /// </summary>
    IReadOnlyDictionary<string, string[]> Validate(IConfigurationSection candidate);
}
