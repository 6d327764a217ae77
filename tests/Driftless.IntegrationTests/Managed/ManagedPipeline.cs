using Driftless.Core.Convergence;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;
using Driftless.IntegrationTests.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.IntegrationTests.Managed;

/// <summary>
/// The real Core pipeline (the ConvergencePass over SqliteStateStore) on the real engine, built as
/// the CLI's CommandSession builds it, with the registry built in code (no YAML parser involved).
/// </summary>
public sealed class ManagedPipeline(ManagedFixture fixture) : IDisposable
{
    private readonly IContainerRuntime _runtime = Runtimes.Create();

    private readonly HttpClient _http = new();

    public IContainerRuntime Runtime => _runtime;

    public string StateDirectory => fixture.Dir.File(".driftless");

    public static ServiceSpec Service(string name, ManagedSpec spec, ApplyMode apply = ApplyMode.Recreate) =>
        new(name, null, [], apply, null, VerifySpec.Default) { Managed = spec };

    public DriftlessRegistry Registry(params ServiceSpec[] services) => new(
        fixture.Dir.File("driftless.yaml"),
        fixture.Dir.Path,
        fixture.Project,
        [],
        StateDirectory,
        services);

    /// <summary>One <c>apply</c> pass: gather, execute, record.</summary>
    public async Task<(Plan Plan, ApplyReport Report)> PassAsync(DriftlessRegistry registry)
    {
        await using var store = await SqliteStateStore.OpenAsync(registry.StateDirectory, readOnly: false, CancellationToken.None);
        var pass = new ConvergencePass(_runtime, _http, store, TimeProvider.System, NullLoggerFactory.Instance);
        var report = await pass.ApplyAsync(registry, [], new ApplyOptions(), CancellationToken.None);
        return (report.Plan, report);
    }

    public async Task<IReadOnlyDictionary<string, AppliedRecord>> AppliedAsync()
    {
        await using var store = await SqliteStateStore.OpenAsync(StateDirectory, readOnly: true, CancellationToken.None);
        return await store.LoadAppliedAsync(CancellationToken.None);
    }

    public async Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string service)
    {
        await using var store = await SqliteStateStore.OpenAsync(StateDirectory, readOnly: true, CancellationToken.None);
        return await store.HistoryAsync(service, 100, CancellationToken.None);
    }

    public void Dispose()
    {
        _http.Dispose();
        (_runtime as IDisposable)?.Dispose();
    }
}
