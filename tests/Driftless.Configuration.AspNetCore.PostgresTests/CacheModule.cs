using Driftless.Configuration.Modules;
using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration.AspNetCore.PostgresTests;

/// <summary>A reconfigurable module owning <c>Cache</c>: records every section it is given; <c>Size</c> must be a positive integer.</summary>
internal sealed class CacheModule : IReconfigurable, ISecretKeys, IValidatableModuleConfig
{
    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource<IReadOnlyDictionary<string, string?>>> _waiters = [];
    private readonly List<IReadOnlyDictionary<string, string?>> _seen = [];

    public string Name => "cache";

    public string Section => "Cache";

    public IReadOnlyCollection<string> SecretKeys { get; } = ["Redis:Auth"];

    public ValueTask<ReconfigureResult> ReconfigureAsync(IConfigurationSection section, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string?> values = section.AsEnumerable(makePathsRelative: true)
            .Where(p => p.Key.Length > 0)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            _seen.Add(values);
            foreach (var waiter in _waiters)
            {
                waiter.TrySetResult(values);
            }

            _waiters.Clear();
        }

        return ValueTask.FromResult(ReconfigureResult.Applied);
    }

    /// <summary>Completes with the first section (already seen or future) satisfying <paramref name="match"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> WaitForAsync(Func<IReadOnlyDictionary<string, string?>, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            TaskCompletionSource<IReadOnlyDictionary<string, string?>> waiter;
            lock (_gate)
            {
                var found = _seen.Find(v => match(v));
                if (found is not null)
                {
                    return found;
                }

                waiter = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add(waiter);
            }

            await waiter.Task.WaitAsync(cts.Token);
        }
    }

    public IReadOnlyDictionary<string, string[]> Validate(IConfigurationSection candidate)
    {
        return int.TryParse(candidate["Size"], out var size) && size > 0
            ? new Dictionary<string, string[]>()
            : new Dictionary<string, string[]> { ["Size"] = ["Size must be a positive integer."] };
    }
}
