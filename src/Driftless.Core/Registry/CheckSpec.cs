namespace Driftless.Core.Registry;

/// <summary><c>check:</c> — a command that validates a service's new configuration before any apply mode touches the service.</summary>
/// <param name="Exec">argv (no shell): the program, then its arguments; with <see cref="CheckLocation.Host"/> it may hold placeholders.</param>
/// <param name="Timeout">How long the check may run; longer than 0, at most <see cref="MaxTimeout"/>.</param>
/// <param name="Where">Where it runs.</param>
public sealed record CheckSpec(IReadOnlyList<string> Exec, TimeSpan Timeout, CheckLocation Where)
{
    /// <summary><c>check.timeout</c> when not written.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>check.timeout</c> (10m; the loader's message says so): a check holds up every apply of its service, and the agent's pass with it.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);
}
