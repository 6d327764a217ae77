using Driftless.Core.Checks;
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
    private readonly IHostCommandRunner _hostCommands;

    /// <param name="hostCommands">Runs host checks (<c>check.where: host</c>); null: child processes of this one.</param>
    public ConvergencePass(IContainerRuntime runtime, HttpClient http, IStateStore store, TimeProvider time, ILoggerFactory loggers, IHostCommandRunner? hostCommands = null)
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
        _hostCommands = hostCommands ?? new ProcessHostCommandRunner(time);
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
        // Check containers of a run that was killed mid-check (SIGKILL, a crash) go first; live ones of a concurrent run are the runtime's to spare.
        await _runtime.RemoveLeftoverChecksAsync(registry.Project, cancellationToken);
        var plan = await PlanAsync(registry, services, cancellationToken);
        var executor = new Executor(
            ApplyStrategies.For(_runtime, _http),
            new Verifier(_runtime, _observer, _http, _time),
            _store,
            _time,
            _logger,
            _runtime,
            _hostCommands);
        return await executor.ExecuteAsync(registry, plan, options, cancellationToken);
    }

    public IAsyncEnumerable<ServiceCheck> CheckAsync(DriftlessRegistry registry, IReadOnlyCollection<string> services, CancellationToken cancellationToken) =>
        new CheckOnlyRun(_runtime, new PreApplyCheck(_runtime, _hostCommands), _time, _logger).RunAsync(registry, services, cancellationToken);
}
