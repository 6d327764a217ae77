namespace Driftless.Configuration.AspNetCore;

/// <summary>
/// Optionally implemented by an <c>IReconfigurable</c> module: keys of its section (relative to it, e.g. <c>Redis:Auth</c>,
/// case-insensitive) whose values — and everything under them — a GET redacts, in addition to the built-in names.
/// </summary>
public interface ISecretKeys
{
    /// <summary>The section-relative keys to redact, e.g. <c>Redis:Auth</c>.</summary>
    IReadOnlyCollection<string> SecretKeys { get; }
}
