using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Driftless.Cli;
using Driftless.IntegrationTests.Fuzz;

// Usage: RegistryFuzzBench OUT.json CORPUS_DIR [SEED]
// Writes the corpus to CORPUS_DIR (beside a.conf), runs `plan -f CASE` for each through the CLI's entry point in this
// process (after a JIT warm-up), then the five slowest again as child processes of this build's driftless.dll.
var output = args[0];
var dir = Path.GetFullPath(args[1]);
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : RegistryFuzzCorpus.Seed;
if (Directory.Exists(dir))
{
    Directory.Delete(dir, recursive: true);
}

Directory.CreateDirectory(dir);
File.WriteAllText(Path.Combine(dir, RegistryFuzzCorpus.InputFile), "x\n");
var cases = RegistryFuzzCorpus.Generate(seed);
foreach (var c in cases)
{
    File.WriteAllBytes(Path.Combine(dir, c.Name + ".yaml"), c.Content);
}

async Task<(int Exit, double Ms)> InProcess(string path)
{
    using var stdout = new StringWriter();
    using var stderr = new StringWriter();
    var clock = Stopwatch.StartNew();
    var exit = await CliApp.RunAsync(["plan", "-f", path], new CliConsole(stdout, stderr, IsTty: false), CancellationToken.None);
    return (exit, clock.Elapsed.TotalMilliseconds);
}

for (var i = 0; i < 3; i++)
{
    await InProcess(Path.Combine(dir, cases[i].Name + ".yaml"));
}

var results = new List<(RegistryFuzzCase Case, int Exit, double Ms)>();
var total = Stopwatch.StartNew();
foreach (var c in cases)
{
    var (exit, ms) = await InProcess(Path.Combine(dir, c.Name + ".yaml"));
    results.Add((c, exit, ms));
}

total.Stop();
var sorted = results.Select(r => r.Ms).Order().ToList();
var slowest = results.OrderByDescending(r => r.Ms).Take(5).ToList();
var cli = Path.Combine(AppContext.BaseDirectory, "driftless.dll");
var processRuns = new List<(string Name, int Exit, double Ms)>();
foreach (var r in slowest)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
    foreach (var a in new[] { cli, "plan", "-f", Path.Combine(dir, r.Case.Name + ".yaml") })
    {
        start.ArgumentList.Add(a);
    }

    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    processRuns.Add((r.Case.Name, process.ExitCode, clock.Elapsed.TotalMilliseconds));
}

var exits = results.GroupBy(r => r.Exit).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count());
Console.WriteLine($"cases: {cases.Count} (seed {seed}), corpus {cases.Sum(c => (long)c.Content.Length) / 1024.0 / 1024.0:F1} MiB");
Console.WriteLine($"exit codes: {string.Join(", ", exits.Select(e => $"{e.Key}×{e.Value}"))}");
Console.WriteLine($"in-process total: {total.Elapsed.TotalMilliseconds:F0} ms; median {sorted[sorted.Count / 2]:F1} ms; p95 {sorted[(int)(sorted.Count * 0.95)]:F1} ms; slowest {sorted[^1]:F1} ms");
Console.WriteLine("slowest cases (in process | as a child process, startup included):");
foreach (var (r, p) in slowest.Zip(processRuns))
{
    Console.WriteLine($"  {r.Case.Name,-32} {r.Case.Content.Length,10} B  {r.Ms,8:F1} ms | {p.Ms,8:F0} ms (exit {p.Exit})");
}

File.WriteAllText(output, JsonSerializer.Serialize(new
{
    seed,
    cases = cases.Count,
    exitCodes = exits,
    totalMs = total.Elapsed.TotalMilliseconds,
    medianMs = sorted[sorted.Count / 2],
    p95Ms = sorted[(int)(sorted.Count * 0.95)],
    slowest = slowest.Zip(processRuns).Select(x => new { name = x.First.Case.Name, bytes = x.First.Case.Content.Length, inProcessMs = x.First.Ms, childProcessMs = x.Second.Ms, childExit = x.Second.Exit }),
}, new JsonSerializerOptions { WriteIndented = true }));
return results.All(r => r.Exit is 64 or 65) && processRuns.All(p => p.Exit is 64 or 65) ? 0 : 1;
