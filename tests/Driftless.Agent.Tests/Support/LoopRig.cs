using Driftless.Agent.Loop;
using Driftless.Agent.Metrics;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Agent;
using Driftless.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Agent.Tests.Support;

/// <summary>
/// A convergence loop on a <see cref="FakeTimeProvider"/> against a <see cref="FakePass"/>, over a real registry file
/// in a temp directory: services <c>a</c> and <c>b</c> with inputs <c>cfg/a/</c> and <c>cfg/b/</c>, watched by polling
/// (so a file change is seen when the test advances the clock past a poll). Nothing here sleeps.
/// </summary>
internal sealed class LoopRig : IAsyncDisposable
{
    public const string Top = "wait: {min: 1s, max: 5s}\ntick: 1h\nagent: {watch: poll, poll: 500ms}\n";

    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private bool _started;

    public LoopRig(string top = Top, string? services = null)
    {
        Dir.Write("cfg/a/app.conf", "a1\n");
        Dir.Write("cfg/b/app.conf", "b1\n");
        WriteRegistry(top, services);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public TempDir Dir { get; } = new("dlu");

    public FakePass Pass { get; } = new();

    public LoopRecorder Events { get; } = new();

    public AgentMetrics Metrics { get; } = new();

    public string RegistryPath => Dir.File("driftless.yaml");

    public string StateDirectory => Dir.File(".driftless");

    internal ConvergenceLoop Loop { get; private set; } = null!;

    public static string Service(string name, string apply = "restart", string extra = "") =>
        $"  {name}:\n    container: c-{name}\n    inputs: [cfg/{name}/]\n    apply: {apply}\n{extra}";

    public void WriteRegistry(string top = Top, string? services = null) =>
        Dir.Write("driftless.yaml", $"version: 1\nproject: rig\n{top}services:\n{services ?? Service("a") + Service("b")}");

    /// <summary>Loads the registry (as the CLI does), starts the loop and waits for its first pass.</summary>
    public async Task StartAsync(Func<AgentLoopOptions, AgentLoopOptions>? adjust = null, bool awaitFirstPass = true)
    {
        var registry = await new RegistryLoader().LoadAsync(RegistryPath, CancellationToken.None);
        await StartAsync(registry, adjust, awaitFirstPass);
    }

    public async Task StartAsync(DriftlessRegistry registry, Func<AgentLoopOptions, AgentLoopOptions>? adjust = null, bool awaitFirstPass = true)
    {
        var options = new AgentLoopOptions(registry, (store, time, _) =>
        {
            Pass.Store = store;
            Pass.Time = time;
            return Pass;
        });
        // Metrics hear of a pass first: a test woken by Events reads them next.
        Loop = new ConvergenceLoop(adjust?.Invoke(options) ?? options, Time, NullLoggerFactory.Instance, [new MetricsListener(Metrics), Events]);
        await Loop.StartAsync(CancellationToken.None);
        _started = true;
        if (awaitFirstPass)
        {
            await Events.PassAsync();
        }
    }

    /// <summary>
    /// Lets a file change be seen and settle: the next poll, then the rig's <c>wait.min</c> of quiet. Two steps,
    /// because <see cref="FakeTimeProvider"/> runs every timer due within one advance at its end time.
    /// </summary>
    public void AdvancePastDebounce()
    {
        Time.Advance(Poll);
        Time.Advance(TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Proves no request for another service is queued: reconciles <paramref name="service"/> and returns that pass,
    /// which would have coalesced anything already asked for.
    /// </summary>
    public async Task<PassCompletion> BarrierAsync(string service = "b")
    {
        var mark = Events.Count;
        await Loop.ReconcileAsync(service, CancellationToken.None);
        return await Events.PassAsync(mark);
    }

    public async Task<string> MetricsTextAsync()
    {
        using var stream = new MemoryStream();
        await Metrics.WriteAsync(stream, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            _started = false;
            await Loop.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Pass.Gate?.TrySetResult();
        await StopAsync();
        Loop?.Dispose();
        Dir.Dispose();
    }
}
