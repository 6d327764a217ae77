using Driftless.Agent.Loop;
using Driftless.Agent.Metrics;
using Driftless.Core.Convergence;
using Driftless.Core.Events;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Docker;
using Driftless.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.IntegrationTests.Agent;

/// <summary>
/// A temp directory with a <c>driftless.yaml</c>, the convergence loop over the REAL Docker runtime — wired as
/// <c>driftless agent</c> wires it: the registry loaded once, a <see cref="ConvergencePass"/> per state store —
/// a recorder of what the loop reports, and history helpers. Retries are shortened (200 ms … 2 s, lock 100 ms).
/// Disposal stops the loop.
/// </summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly IContainerRuntime _runtime = DockerRuntimeFactory.Create(NullLoggerFactory.Instance);
    private readonly HttpClient _http = new();
    private bool _started;

    public TempDir Dir { get; } = new("dla");

    public string Project { get; } = TestNames.Unique("dla");

    public string RegistryPath => Dir.File("driftless.yaml");

    public LoopRecorder Events { get; init; } = new();

    public AgentMetrics Metrics { get; } = new();

    public ConvergenceLoop Loop { get; private set; } = null!;

    /// <summary>Writes the registry: top-level agent keys, then the services' YAML (already indented by two).</summary>
    public void WriteRegistry(string services, string top = "wait: {min: 50ms, max: 2s}\ntick: 1h\n") =>
        Dir.Write("driftless.yaml", $"version: 1\nproject: {Project}\n{top}services:\n{services}");

    /// <summary>An explicit-container service with a directory input mounted at /cfg, applied by <c>exec</c>.</summary>
    public static string ExecService(string name, string container, string input = "cfg/", string exec = "[\"true\"]") =>
        $"  {name}:\n    container: {container}\n    inputs: [{input}]\n    apply: exec\n    exec: {exec}\n    stop_grace: 1s\n    verify: {{settle: 500ms}}\n";

    /// <summary>
    /// The usual set-up: <c>cfg/app.conf</c> holding <paramref name="content"/>, a busybox container with <c>cfg/</c>
    /// mounted at <c>/cfg</c>, registered as service <c>app</c> (<see cref="ExecService"/>), the agent started and the
    /// container adopted.
    /// </summary>
    public async Task<TestContainer> StartAppAsync(string content = "v1\n", string exec = "[\"true\"]", string top = "wait: {min: 50ms, max: 2s}\ntick: 1h\n")
    {
        Dir.Write("cfg/app.conf", content);
        var container = await TestContainer.StartAsync(TestNames.Unique(), new Dictionary<string, string> { [Dir.File("cfg")] = "/cfg" });
        try
        {
            WriteRegistry(ExecService("app", container.Name, exec: exec), top);
            await StartAsync();
            await WaitForEventAsync("app", e => e.Result == EventResult.Adopted);
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads the registry, starts the loop and waits for its first pass.</summary>
    public async Task StartAsync()
    {
        var registry = await new RegistryLoader().LoadAsync(RegistryPath, CancellationToken.None);
        var options = new AgentLoopOptions(registry, (store, time, loggers) => new ConvergencePass(_runtime, _http, store, time, loggers))
        {
            RetryFirst = TimeSpan.FromMilliseconds(200),
            RetryCap = TimeSpan.FromSeconds(2),
            LockRetry = TimeSpan.FromMilliseconds(100),
        };
        Loop = new ConvergenceLoop(options, TimeProvider.System, NullLoggerFactory.Instance, [Events, new MetricsListener(Metrics)]);
        await Loop.StartAsync(CancellationToken.None);
        _started = true;
        await Events.PassAsync(what: "the first pass");
    }

    public async Task StopAsync()
    {
        if (_started)
        {
            _started = false;
            await Loop.StopAsync(CancellationToken.None);
        }
    }

    public Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string? service = null) =>
        Loop.HistoryAsync(service, 1000, CancellationToken.None);

    /// <summary>Polls the history until an event of the service satisfies the predicate (a <c>started</c> marker is only visible there).</summary>
    public async Task<ApplyEvent> WaitForEventAsync(string service, Func<ApplyEvent, bool> predicate)
    {
        ApplyEvent? found = null;
        await UntilAsync(async () =>
        {
            found = (await HistoryAsync(service)).FirstOrDefault(predicate);
            return found is not null;
        }, $"an event of {service} matching the condition");
        return found!;
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Loop?.Dispose();
        (_runtime as IDisposable)?.Dispose();
        _http.Dispose();
        Dir.Dispose();
    }
}
