// Hot-reload benchmark for bench/config.sh (see bench/README.md, "bench/config.sh").
//   ConfigBench file OUT.json DIR   : saves of one JSON file -> IOptionsMonitor<T>.OnChange, M.E.C vs Driftless
//   ConfigBench pg   OUT.json CONN  : PostgreSQL PutAsync -> OnChange, NOTIFY vs polling
// Env: BENCH_SAVES (100), BENCH_WINDOW_MS (1500), BENCH_PG_UPDATES (50).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Driftless.Configuration;
using Driftless.Configuration.Postgres;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

static int Env(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

static double Pct(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

static string Content(int seq) =>
    JsonSerializer.Serialize(new { Bench = new { Seq = seq, Payload = "v" + seq + new string('x', 512) }, Other = new { A = 1, B = "b" } });

static (IOptionsMonitor<BenchOptions> Monitor, IDisposable Owner) Monitor(IConfigurationRoot config)
{
    var services = new ServiceCollection();
    services.Configure<BenchOptions>(config.GetSection("Bench"));
    var sp = services.BuildServiceProvider();
    var monitor = sp.GetRequiredService<IOptionsMonitor<BenchOptions>>();
    _ = monitor.CurrentValue;
    return (monitor, new Both(sp, config as IDisposable));
}

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: ConfigBench file OUT.json DIR | pg OUT.json CONNSTRING");
    return 2;
}

var output = args[1];
var result = new JsonObject
{
    ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
    ["cpus"] = Environment.ProcessorCount,
    ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
};

if (args[0] == "file")
{
    var saves = Env("BENCH_SAVES", 100);
    var windowMs = Env("BENCH_WINDOW_MS", 1500);
    var dir = Path.GetFullPath(args[2]);
    Directory.CreateDirectory(dir);
    var path = Path.Combine(dir, "app.json");
    File.WriteAllText(path, Content(0));
    var mecLoadErrors = 0;

    // All variants watch the SAME file in this one process: every save is measured by all of them at once.
    var variants = new List<Variant>();
    {
        var b = new ConfigurationBuilder();
        b.SetFileLoadExceptionHandler(ctx => { Interlocked.Increment(ref mecLoadErrors); ctx.Ignore = true; });
        b.AddJsonFile(path, optional: false, reloadOnChange: true);
        variants.Add(new Variant("mec_addjsonfile", null, b.Build()));
    }

    foreach (var debounce in new[] { 250, 0, 20 })
    {
        var b = new ConfigurationBuilder();
        b.AddDriftless(new JsonFileSource(path), o => o.Debounce = TimeSpan.FromMilliseconds(debounce));
        variants.Add(new Variant(debounce == 250 ? "driftless_default_250ms" : $"driftless_debounce_{debounce}ms", debounce, b.Build()));
    }

    foreach (var v in variants)
    {
        (v.Monitor, v.Owner) = Monitor(v.Config);
        v.Monitor.OnChange((o, _) => v.Events.Enqueue(new Event(Stopwatch.GetTimestamp(), o.Seq, o.Payload ?? string.Empty)));
        foreach (var p in v.Config.Providers.OfType<DriftlessConfigurationProvider>())
        {
            p.Reloader.ReloadFailed += _ => Interlocked.Increment(ref v.RejectedReloads);
        }
    }

    await Task.Delay(1000); // watchers settle
    foreach (var v in variants)
    {
        v.Events.Clear();
    }

    var seq = 0;
    var styles = new JsonObject();
    foreach (var style in new[] { "rename", "inplace" })
    {
        var perVariant = variants.ToDictionary(v => v.Name, _ => new Stats());
        Console.Error.WriteLine($"  file: {saves} saves, style {style}, window {windowMs} ms");
        for (var i = 0; i < saves; i++)
        {
            seq++;
            var bytes = Encoding.UTF8.GetBytes(Content(seq));
            var start = Stopwatch.GetTimestamp();
            if (style == "rename")
            {
                var tmp = Path.Combine(dir, ".app.json.tmp");
                File.WriteAllBytes(tmp, bytes);
                File.Move(tmp, path, overwrite: true);
            }
            else
            {
                using var fs = new FileStream(path, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite);
                fs.Write(bytes);
            }

            var saved = Stopwatch.GetTimestamp();
            await Task.Delay(windowMs);

            // Quiet: no callback from any variant for 300 ms (at most 3 s more).
            var quietUntil = Stopwatch.GetTimestamp();
            var lastCount = variants.Sum(v => v.Events.Count);
            var quietStart = Stopwatch.GetTimestamp();
            while (Ms(Stopwatch.GetTimestamp() - quietStart) < 300 && Ms(Stopwatch.GetTimestamp() - quietUntil) < 3000)
            {
                await Task.Delay(50);
                var c = variants.Sum(v => v.Events.Count);
                if (c != lastCount)
                {
                    lastCount = c;
                    quietStart = Stopwatch.GetTimestamp();
                }
            }

            foreach (var v in variants)
            {
                var s = perVariant[v.Name];
                var inWindow = 0;
                var first = true;
                while (v.Events.TryDequeue(out var e))
                {
                    var late = Ms(e.At - saved) > windowMs;
                    if (late)
                    {
                        s.Late++;
                    }
                    else
                    {
                        inWindow++;
                    }

                    if (e.Seq == 0 || !e.Payload.StartsWith("v", StringComparison.Ordinal))
                    {
                        s.Empty++;
                    }
                    else if (e.Seq != seq)
                    {
                        s.Wrong++;
                    }

                    if (first && !late)
                    {
                        s.Latencies.Add(Ms(e.At - saved));
                        s.FirstWrong += e.Seq != seq ? 1 : 0;
                        first = false;
                    }
                }

                s.PerSave.Add(inWindow);
                if (inWindow == 0)
                {
                    s.Missed++;
                }
            }

            _ = start;
        }

        var obj = new JsonObject();
        foreach (var v in variants)
        {
            var j = perVariant[v.Name].ToJson(v.DebounceMs);
            if (v.DebounceMs is not null)
            {
                // ReloadFailed events (a half-written file read and rejected; the last good snapshot stays), this style.
                j["rejected_reloads"] = Interlocked.Exchange(ref v.RejectedReloads, 0);
            }

            obj[v.Name] = j;
        }

        styles[style] = obj;
    }

    result["file"] = new JsonObject
    {
        ["saves_per_style"] = saves,
        ["window_ms"] = windowMs,
        ["mec_load_exceptions_ignored"] = mecLoadErrors,
        ["styles"] = styles,
    };
    foreach (var v in variants)
    {
        v.Owner.Dispose();
    }
}
else if (args[0] == "pg")
{
    var updates = Env("BENCH_PG_UPDATES", 50);
    var conn = args[2];
    await using var store = new PostgresDocumentStore(conn);
    await store.MigrateAsync(CancellationToken.None);
    var modes = new JsonObject();
    foreach (var (name, listen, poll) in new[] { ("notify", true, TimeSpan.FromSeconds(60)), ("poll_250ms", false, TimeSpan.FromMilliseconds(250)) })
    {
        var key = "bench/" + name;
        var seq = 0;
        await store.PutAsync(key, Content(seq), null, CancellationToken.None);
        var b = new ConfigurationBuilder();
        b.AddDriftlessPostgres(new PostgresSourceOptions { ConnectionString = conn, Key = key, Listen = listen, PollInterval = poll });
        var config = b.Build();
        var (monitor, owner) = Monitor(config);
        var events = new ConcurrentQueue<Event>();
        monitor.OnChange((o, _) => events.Enqueue(new Event(Stopwatch.GetTimestamp(), o.Seq, o.Payload ?? string.Empty)));
        await Task.Delay(500);
        events.Clear();
        var s = new Stats();
        var puts = new List<double>();
        Console.Error.WriteLine($"  pg: {updates} updates, {name}");
        for (var i = 0; i < updates; i++)
        {
            seq++;
            var start = Stopwatch.GetTimestamp();
            await store.PutAsync(key, Content(seq), null, CancellationToken.None);
            puts.Add(Ms(Stopwatch.GetTimestamp() - start));
            var deadline = start + 3 * Stopwatch.Frequency;
            while (!events.Any(e => e.Seq == seq) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(1);
            }

            await Task.Delay(listen ? 200 : 600); // extra callbacks for this update, if any
            var count = 0;
            var first = true;
            while (events.TryDequeue(out var e))
            {
                count++;
                if (e.Seq != seq)
                {
                    s.Wrong++;
                }

                if (first)
                {
                    s.Latencies.Add(Ms(e.At - start));
                    first = false;
                }
            }

            s.PerSave.Add(count);
            s.Missed += count == 0 ? 1 : 0;
            // A random pause up to one poll interval, so updates are not phase-locked to the poll timer (the fixed
            // waits above are a near multiple of 250 ms: without this, polling latency clustered at 100-150 ms).
            await Task.Delay(Random.Shared.Next(0, listen ? 50 : (int)poll.TotalMilliseconds));
        }

        var j = s.ToJson(null);
        puts.Sort();
        j["put_ms_p50"] = Math.Round(Pct(puts, 50), 2);
        j["listen"] = listen;
        j["poll_interval_ms"] = poll.TotalMilliseconds;
        modes[name] = j;
        owner.Dispose();
    }

    result["postgres"] = new JsonObject { ["updates"] = updates, ["latency_from"] = "start of PutAsync (UPDATE + commit)", ["modes"] = modes };
}
else
{
    Console.Error.WriteLine($"unknown mode {args[0]}");
    return 2;
}

File.WriteAllText(output, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
return 0;

public sealed class BenchOptions
{
    public int Seq { get; set; }
    public string? Payload { get; set; }
}

internal sealed record Event(long At, int Seq, string Payload);

internal sealed class Variant(string name, int? debounceMs, IConfigurationRoot config)
{
    public string Name { get; } = name;
    public int? DebounceMs { get; } = debounceMs;
    public IConfigurationRoot Config { get; } = config;
    public ConcurrentQueue<Event> Events { get; } = new();
    public IOptionsMonitor<BenchOptions> Monitor { get; set; } = null!;
    public IDisposable Owner { get; set; } = null!;
    public int RejectedReloads;
}

internal sealed class Both(IDisposable a, IDisposable? b) : IDisposable
{
    public void Dispose()
    {
        a.Dispose();
        b?.Dispose();
    }
}

internal sealed class Stats
{
    public List<double> Latencies { get; } = [];
    public List<int> PerSave { get; } = [];
    public int Missed { get; set; }
    public int Wrong { get; set; }
    public int Empty { get; set; }
    public int Late { get; set; }
    public int FirstWrong { get; set; }

    public JsonObject ToJson(int? debounceMs)
    {
        var sorted = Latencies.OrderBy(x => x).ToList();
        double P(double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
        var hist = new JsonObject();
        foreach (var g in PerSave.GroupBy(x => x).OrderBy(g => g.Key))
        {
            hist[g.Key.ToString()] = g.Count();
        }

        var j = new JsonObject
        {
            ["changes"] = PerSave.Count,
            ["latency_ms_p50"] = Math.Round(P(50), 2),
            ["latency_ms_p95"] = Math.Round(P(95), 2),
            ["latency_ms_min"] = sorted.Count > 0 ? Math.Round(sorted[0], 2) : null,
            ["latency_ms_max"] = sorted.Count > 0 ? Math.Round(sorted[^1], 2) : null,
            ["callbacks_per_change_mean"] = PerSave.Count > 0 ? Math.Round(PerSave.Average(), 3) : 0,
            ["callbacks_per_change_histogram"] = hist,
            ["missed"] = Missed,
            ["callbacks_wrong_value"] = Wrong,
            ["callbacks_empty_value"] = Empty,
            ["callbacks_after_window"] = Late,
            ["first_callback_not_new_value"] = FirstWrong,
        };
        if (debounceMs is { } d)
        {
            j["target"] = $"1 callback per change, latency <= {d + 5} ms";
            j["target_met_p50"] = PerSave.All(c => c == 1) && Late == 0 && Wrong + Empty == 0 && P(50) <= d + 5;
            j["target_met_p95"] = PerSave.All(c => c == 1) && Late == 0 && Wrong + Empty == 0 && P(95) <= d + 5;
        }

        return j;
    }
}
