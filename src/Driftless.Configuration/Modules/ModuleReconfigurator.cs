using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Configuration.Modules;

/// <summary>
/// Decides, for one published change, between reconfiguring modules in place and a full reload — and does it.
/// </summary>
/// <remarks>
/// <para>A module's section changed when any key equal to <c>Section</c> or under <c>Section:</c> was added, removed or
/// changed (keys compare case-insensitively, values ordinally). A full reload runs — and no module is called — when a
/// changed key lies outside every module's section, including when no module is registered at all.
/// Otherwise only the modules whose section changed are called; if any returns
/// <see cref="ReconfigureResult.NotSupported"/> or <see cref="ReconfigureResult.Failed"/>, or throws, a full reload
/// follows once every one of them has run.</para>
/// <para>Modules are called <b>sequentially</b>, in resolution (registration) order: the outcome is deterministic and
/// modules that depend on each other see the changes in a stable order. Each call is isolated: one throwing does not
/// stop the others.</para>
/// <para>The resolver runs at every reload and its instances are never kept, so after a full reload replaced a module
/// the next reload talks to the new one. Full-reload failures are logged and reported in the outcome, never thrown;
/// only cancellation of <c>cancellationToken</c> propagates.</para>
/// </remarks>
public sealed class ModuleReconfigurator
{
    private readonly Func<IEnumerable<IReconfigurable>> _resolveModules;
    private readonly Func<CancellationToken, Task> _fullReload;
    private readonly ILogger _logger;

    /// <param name="resolveModules">Returns the current modules; called once per reload.</param>
    /// <param name="fullReload">The application's full reload.</param>
    /// <param name="logger">Where decisions and failures go; module and section names only.</param>
    public ModuleReconfigurator(
        Func<IEnumerable<IReconfigurable>> resolveModules, Func<CancellationToken, Task> fullReload, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(resolveModules);
        ArgumentNullException.ThrowIfNull(fullReload);
        _resolveModules = resolveModules;
        _fullReload = fullReload;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Handles the change from <paramref name="oldSnapshot"/> to <paramref name="newSnapshot"/>.</summary>
    public async Task<ModuleReloadOutcome> ReconfigureAsync(
        ConfigSnapshot oldSnapshot, ConfigSnapshot newSnapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oldSnapshot);
        ArgumentNullException.ThrowIfNull(newSnapshot);
        cancellationToken.ThrowIfCancellationRequested();

        var source = newSnapshot.Source;
        var changedKeys = ChangedKeys(oldSnapshot.Values, newSnapshot.Values);
        var result = new Builder();
        if (changedKeys.Count == 0)
        {
            ModulesLog.NothingChanged(_logger, source);
            return result.Build();
        }

        List<IReconfigurable> modules;
        try
        {
            modules = [.. _resolveModules()];
        }
        catch (Exception ex)
        {
            ModulesLog.ResolveFailed(_logger, source, ex);
            result.Errors.Add($"resolving the modules threw {ex.GetType().Name}");
            return await FullReloadAsync(result, source, "the modules could not be resolved", cancellationToken);
        }

        var valid = new List<IReconfigurable>(modules.Count);
        foreach (var module in modules)
        {
            if (module is null)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(module.Section))
            {
                ModulesLog.NoSection(_logger, source, module.Name);
                result.Errors.Add($"module '{module.Name}' has no section and was ignored");
                continue;
            }

            valid.Add(module);
        }

        if (changedKeys.Any(key => !valid.Exists(m => SectionKey.IsUnder(key, m.Section))))
        {
            var reason = valid.Count == 0
                ? "no reconfigurable module is registered"
                : "keys outside every module section changed";
            return await FullReloadAsync(result, source, reason, cancellationToken);
        }

        var affected = valid.FindAll(m => changedKeys.Any(key => SectionKey.IsUnder(key, m.Section)));
        foreach (var section in affected.Select(m => m.Section).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            result.ChangedSections.Add(section);
        }

        // The sections come from the new snapshot alone, the way this source published it.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(newSnapshot.Values).Build();
        try
        {
            foreach (var module in affected)
            {
                await ReconfigureOneAsync(module, configuration.GetSection(module.Section), source, result, cancellationToken);
            }
        }
        finally
        {
            (configuration as IDisposable)?.Dispose();
        }

        if (result.NotSupported.Count > 0 || result.Failed.Count > 0)
        {
            return await FullReloadAsync(result, source, "a module could not apply its change", cancellationToken);
        }

        return result.Build();
    }

    private async Task ReconfigureOneAsync(
        IReconfigurable module, IConfigurationSection section, string source, Builder result, CancellationToken cancellationToken)
    {
        string name = module.Name;
        try
        {
            var outcome = await module.ReconfigureAsync(section, cancellationToken);
            switch (outcome)
            {
                case ReconfigureResult.Applied:
                    result.Applied.Add(name);
                    ModulesLog.Applied(_logger, source, name, module.Section);
                    break;
                case ReconfigureResult.NotSupported:
                    result.NotSupported.Add(name);
                    result.Errors.Add($"module '{name}' cannot apply a change to section '{module.Section}' in place");
                    ModulesLog.NotApplied(_logger, source, name, module.Section, outcome);
                    break;
                default:
                    result.Failed.Add(name);
                    result.Errors.Add($"module '{name}' failed to apply a change to section '{module.Section}'");
                    ModulesLog.NotApplied(_logger, source, name, module.Section, outcome);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The exception goes to the log (where the sink decides); the outcome names its type only.
            result.Failed.Add(name);
            result.Errors.Add($"module '{name}' threw {ex.GetType().Name} for section '{module.Section}'");
            ModulesLog.ModuleThrew(_logger, source, name, module.Section, ex);
        }
    }

    private async Task<ModuleReloadOutcome> FullReloadAsync(
        Builder result, string source, string reason, CancellationToken cancellationToken)
    {
        ModulesLog.FullReload(_logger, source, reason);
        result.FullReloadRan = true;
        result.FullReloadReason = reason;
        try
        {
            await _fullReload(cancellationToken);
            result.FullReloadSucceeded = true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            result.Errors.Add($"the full reload threw {ex.GetType().Name}");
            ModulesLog.FullReloadFailed(_logger, source, ex);
        }

        return result.Build();
    }

    internal static HashSet<string> ChangedKeys(
        IReadOnlyDictionary<string, string?> oldValues, IReadOnlyDictionary<string, string?> newValues)
    {
        var before = ToIgnoreCase(oldValues);
        var after = ToIgnoreCase(newValues);
        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in after)
        {
            if (!before.TryGetValue(key, out var previous) || !string.Equals(previous, value, StringComparison.Ordinal))
            {
                changed.Add(key);
            }
        }

        foreach (var key in before.Keys)
        {
            if (!after.ContainsKey(key))
            {
                changed.Add(key);
            }
        }

        return changed;
    }

    private static Dictionary<string, string?> ToIgnoreCase(IReadOnlyDictionary<string, string?> values)
    {
        var result = new Dictionary<string, string?>(values.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            result[key] = value;
        }

        return result;
    }

    private sealed class Builder
    {
        public List<string> ChangedSections { get; } = [];
        public List<string> Applied { get; } = [];
        public List<string> NotSupported { get; } = [];
        public List<string> Failed { get; } = [];
        public List<string> Errors { get; } = [];
        public bool FullReloadRan { get; set; }
        public bool FullReloadSucceeded { get; set; }
        public string? FullReloadReason { get; set; }

        public ModuleReloadOutcome Build() => new(
            [.. ChangedSections], [.. Applied], [.. NotSupported], [.. Failed],
            FullReloadRan, FullReloadSucceeded, FullReloadReason, [.. Errors]);
    }
}
