// History growth benchmark for bench/history.sh (see bench/README.md, "bench/history.sh").
//   HistoryBench OUT.json : agent ticks (passes through the real ConvergencePass) over 20 services on the fake
//   engine with a real SQLite state store; state.db size and event rows at the end of each scenario.
// Env: BENCH_TICKS (100000), BENCH_SERVICES (20), BENCH_CHANGE_EVERY (2: one service's file changes every N ticks),
//      BENCH_ANCHOR_TICKS (10000: the every-noop-recorded anchor writes one transaction per service per tick, so it is slow).
using System.Diagnostics;
using System.Text.Json;
using Driftless.Core.Convergence;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Registry;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

static int Env(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

var ticks = Env("BENCH_TICKS", 100_000);
var serviceCount = Env("BENCH_SERVICES", 20);
var changeEvery = Env("BENCH_CHANGE_EVERY", 2);
var anchorTicks = Env("BENCH_ANCHOR_TICKS", 10_000);
var output = args.Length > 0 ? args[0] : "history.json";

var scenarios = new List<Dictionary<string, object?>>
{
    await RunAsync("idle", ticks, changeEvery: 0, HistorySettings.Default, recordEveryNoop: false),
    await RunAsync("idle, every noop recorded (apply's rule before this change)", anchorTicks, changeEvery: 0, HistorySettings.Default, recordEveryNoop: true),
    await RunAsync("changes, history: keep 1000 (default)", ticks, changeEvery, HistorySettings.Default, recordEveryNoop: false),
    await RunAsync("changes, no retention (before this change)", ticks, changeEvery, new HistorySettings(int.MaxValue, null), recordEveryNoop: false),
};
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new { services = serviceCount, changeEvery, scenarios }, new JsonSerializerOptions { WriteIndented = true }));
foreach (var s in scenarios)
{
    Console.WriteLine($"{s["name"],-62} {s["ticks"],8:N0} ticks {s["dbBytes"],13:N0} B {s["events"],9:N0} events {s["ticksPerSecond"],6:N0} ticks/s");
}

async Task<Dictionary<string, object?>> RunAsync(string name, int ticks, int changeEvery, HistorySettings history, bool recordEveryNoop)
{
    using var host = new HostFiles();
    using var runtime = new FakeRuntime();
    using var http = new HttpClient();
    var state = host.PathOf(".driftless");
    var services = Enumerable.Range(0, serviceCount).Select(i =>
    {
        var svc = $"svc{i:D2}";
        host.Write($"configs/{svc}/app.conf", "v0");
        var spec = new ServiceSpec(svc, null, [new InputSpec($"configs/{svc}/", host.PathOf($"configs/{svc}"), InputKind.Directory)], ApplyMode.Restart, null, new VerifySpec(TimeSpan.Zero));
        runtime.Run(svc, FakeRuntime.Bind(host.PathOf($"configs/{svc}"), $"/etc/{svc}"));
        return spec;
    }).ToList();
    var registry = new DriftlessRegistry(host.PathOf("driftless.yaml"), host.Root, "bench", [host.PathOf("docker-compose.yml")], state, services) { History = history };

    var clock = Stopwatch.StartNew();
    await using (var store = await SqliteStateStore.OpenAsync(state, readOnly: false, CancellationToken.None))
    {
        var pass = new ConvergencePass(runtime, http, store, TimeProvider.System, NullLoggerFactory.Instance);
        var options = new ApplyOptions(Parallelism: 4);
        for (var tick = 0; tick < ticks; tick++)
        {
            if (changeEvery > 0 && tick > 0 && tick % changeEvery == 0)
            {
                var svc = services[tick / changeEvery % serviceCount].Name;
                host.Write($"configs/{svc}/app.conf", $"v{tick}");
            }

            var report = await pass.ApplyAsync(registry, [], options, CancellationToken.None);
            if (recordEveryNoop)
            {
                // The old rule: every no-op of every run went into the history.
                foreach (var noop in report.Outcomes.Where(o => o.Event.Result == EventResult.Noop))
                {
                    await store.RecordAsync(noop.Event, null, CancellationToken.None);
                }
            }
        }
    }

    clock.Stop();
    long events;
    await using (var reader = await SqliteStateStore.OpenAsync(state, readOnly: true, CancellationToken.None))
    {
        events = (await reader.HistoryAsync(null, int.MaxValue, CancellationToken.None)).Count;
    }

    var bytes = Directory.EnumerateFiles(state, SqliteStateStore.FileName + "*").Sum(f => new FileInfo(f).Length);
    return new Dictionary<string, object?>
    {
        ["name"] = name,
        ["ticks"] = ticks,
        ["dbBytes"] = bytes,
        ["events"] = events,
        ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
        ["ticksPerSecond"] = Math.Round(ticks / clock.Elapsed.TotalSeconds),
    };
}
