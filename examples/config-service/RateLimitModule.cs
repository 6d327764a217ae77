using Driftless.Configuration.AspNetCore;
using Driftless.Configuration.Modules;

namespace ConfigService;

/// <summary>Reconfigurable: applies a new <c>RateLimit</c> section in place.</summary>
internal sealed class RateLimitModule(IConfiguration configuration) : IReconfigurable, ISecretKeys, IValidatableModuleConfig
{
    // Starts from the configuration as loaded (the PostgreSQL document after a restart), not a hard-coded default.
    private int _permitsPerSecond = int.TryParse(configuration["RateLimit:PermitsPerSecond"], out var permits) && permits > 0 ? permits : 10;

    public string Name => "ratelimit";

    public string Section => "RateLimit";

    public IReadOnlyCollection<string> SecretKeys { get; } = ["Bypass"];

    public int PermitsPerSecond => Volatile.Read(ref _permitsPerSecond);

    public ValueTask<ReconfigureResult> ReconfigureAsync(IConfigurationSection section, CancellationToken cancellationToken)
    {
        if (!int.TryParse(section["PermitsPerSecond"], out var permits) || permits <= 0)
        {
            return ValueTask.FromResult(ReconfigureResult.Failed);
        }

        Volatile.Write(ref _permitsPerSecond, permits);
        return ValueTask.FromResult(ReconfigureResult.Applied);
    }

    public IReadOnlyDictionary<string, string[]> Validate(IConfigurationSection candidate) =>
        int.TryParse(candidate["PermitsPerSecond"], out var permits) && permits > 0
            ? new Dictionary<string, string[]>()
            : new Dictionary<string, string[]> { ["PermitsPerSecond"] = ["must be a positive integer"] };
}
