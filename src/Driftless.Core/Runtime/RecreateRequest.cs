namespace Driftless.Core.Runtime;

/// <summary>Recreate one compose service with its config hash in the spec.</summary>
/// <param name="Project">Compose project name.</param>
/// <param name="ComposeFiles">The user's compose files, absolute.</param>
/// <param name="WorkingDirectory">Directory compose runs in (the registry's directory).</param>
/// <param name="OverridePath">Where the override file with the hash labels is written (state dir).</param>
/// <param name="ConfigHashes">
/// The label <c>io.driftless.config-hash</c> for every service the override covers: the service
/// being recreated with its new hash, others with their last applied hash so a plain
/// <c>up -d</c> with the override stays a no-op for them.
/// </param>
/// <param name="Service">The service to recreate (<c>up -d --no-deps --force-recreate</c>).</param>
public sealed record RecreateRequest(
    string Project,
    IReadOnlyList<string> ComposeFiles,
    string WorkingDirectory,
    string OverridePath,
    IReadOnlyDictionary<string, string> ConfigHashes,
    string Service);
