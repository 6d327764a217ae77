namespace Driftless.Configuration.Modules;

/// <summary>What one reload did: which modules were reconfigured in place, and whether a full reload ran.</summary>
/// <param name="ChangedSections">Module sections whose keys changed (as the modules spell them).</param>
/// <param name="Applied">Names of modules that returned <see cref="ReconfigureResult.Applied"/>.</param>
/// <param name="NotSupported">Names of modules that returned <see cref="ReconfigureResult.NotSupported"/>.</param>
/// <param name="Failed">Names of modules that returned <see cref="ReconfigureResult.Failed"/> or threw.</param>
/// <param name="FullReloadRan">Whether the full-reload callback was invoked.</param>
/// <param name="FullReloadSucceeded">Whether that callback completed without throwing; false when it did not run.</param>
/// <param name="FullReloadReason">Why a full reload was needed; null when none was.</param>
/// <param name="Errors">What went wrong, naming modules, sections and exception types — never configuration values.</param>
public sealed record ModuleReloadOutcome(
    IReadOnlyList<string> ChangedSections,
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> NotSupported,
    IReadOnlyList<string> Failed,
    bool FullReloadRan,
    bool FullReloadSucceeded,
    string? FullReloadReason,
    IReadOnlyList<string> Errors);
