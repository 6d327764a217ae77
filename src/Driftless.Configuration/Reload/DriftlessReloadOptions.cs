using Driftless.Configuration.Sources;
using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Reload;

/// <summary>How a <see cref="ConfigReloader"/> watches and validates its source.</summary>
public sealed class DriftlessReloadOptions
{
    /// <summary>
    /// Quiet period after the last file event before reloading. Default 250 ms. Zero reloads on every event:
    /// an in-place save (truncate, then write) is then read half-written, rejected (ReloadFailed, health
    /// degraded) and only accepted on the write's event — measured 22 of 100 saves in bench/config.sh; 20 ms avoided it.
    /// </summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often to poll when file events are unavailable (or <see cref="ForcePolling"/>). Default 2 s.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Poll instead of using FileSystemWatcher (network shares, exhausted inotify). Default false.</summary>
    public bool ForcePolling { get; set; }

    /// <summary>Clock for debounce and polling. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the reloader logs (names and hashes only, never values). Default: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Checks run on every candidate snapshot before it is published (the first load included); a non-empty
    /// result rejects it. Messages must not contain configuration values. Default: none.
    /// </summary>
    public IList<Func<ConfigSnapshot, IReadOnlyList<string>>> Validators { get; } = [];

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (Debounce < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Debounce), Debounce, "Debounce must not be negative.");
        }

        if (PollingInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollingInterval), PollingInterval, "PollingInterval must be positive.");
        }
    }
}
