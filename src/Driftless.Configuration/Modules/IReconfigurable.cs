using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration.Modules;

/// <summary>
/// A part of the application that can apply a change to its own configuration section in place,
/// without the application doing a full reload.
/// </summary>
/// <remarks>
/// Register implementations as <c>IReconfigurable</c> in DI (any lifetime): they are resolved anew at every reload,
/// so after a full reload replaces a module, the next reload talks to the new instance.
/// </remarks>
public interface IReconfigurable
{
    /// <summary>A name for logs and outcomes.</summary>
    string Name { get; }

    /// <summary>The configuration section this module owns, e.g. <c>Cache</c> or <c>Cache:Redis</c> (case-insensitive).</summary>
    string Section { get; }

    /// <summary>
    /// Applies the new content of <see cref="Section"/>. Return <see cref="ReconfigureResult.NotSupported"/> when the
    /// change cannot be applied in place, <see cref="ReconfigureResult.Failed"/> when applying it failed; either
    /// (or throwing) makes the application do a full reload.
    /// </summary>
    /// <param name="section">The section read from the new snapshot; an in-memory copy, read it during the call.</param>
    /// <param name="cancellationToken">Cancelled when the reload is abandoned because the application is stopping.</param>
    ValueTask<ReconfigureResult> ReconfigureAsync(IConfigurationSection section, CancellationToken cancellationToken);
}
