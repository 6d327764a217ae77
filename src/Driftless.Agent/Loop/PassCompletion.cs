using Driftless.Core.Execution;

namespace Driftless.Agent.Loop;

/// <summary>One pass of the pipeline, finished.</summary>
/// <param name="Services">The services it covered, in registry order.</param>
/// <param name="StartedAt">When it started (the apply lock taken).</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="Report">What it did; null when it failed as a whole.</param>
/// <param name="Error">Why it failed as a whole (engine unreachable, state unusable, …); null when it ran.</param>
public sealed record PassCompletion(
    IReadOnlyList<string> Services,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    ApplyReport? Report,
    Exception? Error)
{
    /// <summary>Services whose attempt failed, with the backoff delay before their retry.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Retries { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>
    /// When it failed as a whole: the services whose verdict is now unknown (every service when the container
    /// engine was unreachable, else those it covered). Empty when it ran.
    /// </summary>
    public IReadOnlyList<string> Unverified { get; init; } = [];
}
