using Driftless.Agent.Control;
using Driftless.Agent.Loop;
using Driftless.Core.Convergence;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Agent.Tests.Support;

/// <summary>
/// A <see cref="LoopRig"/> whose loop runs the real pass (planner, executor, <c>check:</c>, SQLite store) on Core's
/// in-memory engine: service <c>a</c> has a container check (<c>validate /etc/a/app.conf</c>), <c>b</c> none; their
/// containers mount <c>cfg/NAME/</c> at <c>/etc/NAME</c>. The agent ticks every <see cref="Tick"/>; a failed service
/// backs off by <see cref="Schedule"/>. Started, both services are adopted.
/// </summary>
internal sealed class CheckedRig : IAsyncDisposable
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);

    /// <summary>Steps that are multiples of the tick, so each retry falls due at the very instant a tick fires.</summary>
    public static readonly CappedExponentialBackoff Schedule = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));

    public static readonly CheckRunResult Passes = new(0, false, "Valid configuration", TimeSpan.FromSeconds(1));

    private const string Checked = "    check:\n      exec: [validate, /etc/a/app.conf]\n    verify: {settle: 0s}\n";
    private const string Unchecked = "    verify: {settle: 0s}\n";

    private readonly HttpClient _http = new();

    private CheckedRig()
    {
        Rig = new LoopRig(
            LoopRig.Top.Replace("tick: 1h", "tick: 10s", StringComparison.Ordinal),
            LoopRig.Service("a", extra: Checked) + LoopRig.Service("b", extra: Unchecked));
    }

    public LoopRig Rig { get; }

    public FakeRuntime Engine { get; } = new();

    public static async Task<CheckedRig> StartAsync()
    {
        var rig = new CheckedRig();
        rig.Engine.Run("a", FakeRuntime.Bind(rig.Rig.Dir.File("cfg/a"), "/etc/a"));
        rig.Engine.Run("b", FakeRuntime.Bind(rig.Rig.Dir.File("cfg/b"), "/etc/b"));
        await rig.Rig.StartAsync(o => o with
        {
            RetryFirst = Schedule.First,
            RetryCap = Schedule.Cap,
            Pass = (store, time, loggers) => new ConvergencePass(rig.Engine, rig._http, store, time, loggers),
        });
        return rig;
    }

    /// <summary>Service <c>a</c> as <c>/v1/status</c> shows it now.</summary>
    public async Task<ServiceStatus> StatusOfAAsync() =>
        (await Rig.Loop.StatusAsync(CancellationToken.None)).Services.Single(s => s.Name == "a");

    /// <summary>Saves <c>cfg/a/app.conf</c> and lets the change settle; returns the pass that covered <c>a</c>.</summary>
    public async Task<PassCompletion> SaveAAsync(string content)
    {
        var mark = Rig.Events.Count;
        Rig.Dir.Write("cfg/a/app.conf", content);
        Rig.AdvancePastDebounce();
        return await Rig.Events.PassAsync(mark, p => p.Services.Contains("a"), "a pass of a after its save");
    }

    public async ValueTask DisposeAsync()
    {
        await Rig.DisposeAsync();
        Engine.Dispose();
        _http.Dispose();
    }
}
