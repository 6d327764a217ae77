using Driftless.Core.Execution;
using Driftless.Core.Hashing;
using Driftless.Core.Observation;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;
using Microsoft.Extensions.Logging;

namespace Driftless.Core.Convergence;

/// <summary>
/// The pipeline, built once from its dependencies. The only place a planner gathers and an executor runs,
/// so no surface can assemble a variant of it. Apply modes are created per <see cref="ApplyAsync"/>: some
/// keep state for the length of one run (which compose labels this run has set), never longer.
/// </summary>
public sealed class ConvergencePass : IConvergencePass
{
    private readonly IContainerRuntime _runtime;
    private readonly HttpClient _http;
    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PlanGatherer _gatherer;
    private readonly ProcessObserver _observer;

    public ConvergencePass(IContainerRuntime runtime, HttpClient http, IStateStore store, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        _runtime = runtime;
        _http = http;
        _store = store;
        _time = time;
        _logger = loggers.CreateLogger<ConvergencePass>();
        _observer = new ProcessObserver(runtime, loggers.CreateLogger<ProcessObserver>());
        _gatherer = new PlanGatherer(runtime, new ContentHasher(), _observer);
    }

    public Task<Plan> PlanAsync(DriftlessRegistry registry, IReadOnlyCollection<string> services, CancellationToken cancellationToken) =>
        _gatherer.GatherAsync(registry, _store, services, cancellationToken);

    public async Task<ApplyReport> ApplyAsync(
        DriftlessRegistry registry,
        IReadOnlyCollection<string> services,
        ApplyOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var plan = await PlanAsync(registry, services, cancellationToken);
        var executor = new Executor(
            ApplyStrategies.For(_runtime, _http),
            new Verifier(_runtime, _observer, _http, _time),
            _store,
            _time,
            _logger,
            _runtime);
        return await executor.ExecuteAsync(registry, plan, options, cancellationToken);
    }
}
