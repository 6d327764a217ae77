namespace Driftless.Configuration.AspNetCore;

/// <summary>Options of the endpoints mapped by <c>MapDriftlessModules</c>.</summary>
public sealed class DriftlessModulesEndpointOptions
{
    /// <summary>
    /// Names of modules that exist but cannot be reconfigured at runtime (not registered as <c>IReconfigurable</c>):
    /// a PUT answers 501 instead of 404, and a GET reads the section of the same name.
    /// </summary>
    public IList<string> KnownModules { get; } = [];

    /// <summary>
    /// The PostgreSQL document that PUT writes to, when the configuration has several; by default the last
    /// (highest-precedence) PostgreSQL source.
    /// </summary>
    public string? DocumentKey { get; set; }
}
