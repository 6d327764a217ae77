using System.Diagnostics;
using System.Text.Json;
using Driftless.IntegrationTests.Cli;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Fuzz;

/// <summary>The seeded corpus written once to a directory beside <c>a.conf</c>, and the CLI warmed up (JIT) before any case is timed.</summary>
public sealed class RegistryFuzzFixture : IAsyncLifetime
{
    public TempDir Dir { get; } = new("dlt-fuzz");

    public IReadOnlyDictionary<string, RegistryFuzzCase> Cases { get; } = RegistryFuzzCorpus.Generate().ToDictionary(c => c.Name, StringComparer.Ordinal);

    public string PathOf(RegistryFuzzCase @case) => Dir.File(@case.Name + ".yaml");

    public async Task InitializeAsync()
    {
        Dir.Write(RegistryFuzzCorpus.InputFile, "x\n");
        foreach (var @case in Cases.Values)
        {
            await File.WriteAllBytesAsync(PathOf(@case), @case.Content);
        }

        foreach (var command in new[] { "plan", "status", "apply" })
        {
            await DriftlessCli.RunAsync(command, "-f", PathOf(Cases.Values.First()));
        }
    }

    public Task DisposeAsync()
    {
        Dir.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RegistryFuzzCollection
{
    /// <summary>Alone, so the time bound measures the loader, not the other test classes sharing the cores.</summary>
    public const string Name = "registry fuzz";
}

/// <summary>
/// Issue 10's registry fuzz test: every generated malformed or hostile registry is refused with exit 65 (64 at most)
/// within 2 s, on stderr as problem lines that each name the file (one line where the case has one problem), through
/// the CLI's own entry point; never exit 70, never a crash. A sample also runs as a child process, where a stack
/// overflow or SIGSEGV would show as its exit status.
/// </summary>
[Collection(RegistryFuzzCollection.Name)]
public sealed class RegistryFuzzTests(RegistryFuzzFixture fixture) : IClassFixture<RegistryFuzzFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    public static TheoryData<string> CaseNames() => new(RegistryFuzzCorpus.Generate().Select(c => c.Name));

    [Fact]
    public void Corpus_HasAtLeast300Cases_FromEveryFamily()
    {
        Assert.True(fixture.Cases.Count >= 300, $"{fixture.Cases.Count} cases");
        string[] families = ["structure", "types", "size", "nesting", "encoding", "alias", "control", "duplicate", "tag", "mutation"];
        Assert.All(families, family => Assert.Contains(fixture.Cases.Values, c => c.Category.StartsWith(family, StringComparison.Ordinal)));
        Assert.Equal(fixture.Cases.Keys.Order(StringComparer.Ordinal), RegistryFuzzCorpus.Generate().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            fixture.Cases.Values.Select(c => c.Content.Length),
            RegistryFuzzCorpus.Generate().Select(c => c.Content.Length));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Case_Exits65_WithinTwoSeconds_NamingTheFile(string name)
    {
        var @case = fixture.Cases[name];
        var path = fixture.PathOf(@case);
        string[][] commands = [["plan"], ["status"], ["apply"], ["plan", "-o", "json"]];
        var command = commands[int.Parse(name[..3], System.Globalization.CultureInfo.InvariantCulture) % commands.Length];

        var clock = Stopwatch.StartNew();
        var result = await DriftlessCli.RunAsync([.. command, "-f", path]);
        clock.Stop();

        AssertRefused(@case, path, result, json: command.Contains("json"));
        Assert.True(clock.Elapsed < Bound, $"{string.Join(' ', command)} took {clock.Elapsed.TotalMilliseconds:F0} ms\n{result.Describe()}");
        Assert.False(Directory.Exists(fixture.Dir.File(".driftless")), "a refused registry must leave no state behind");
    }

    public static TheoryData<string> ProcessSample() => new(
        RegistryFuzzCorpus.Generate()
            .Where(c => c.Category is "nesting-flow-lists" or "nesting-flow-maps" or "nesting-mixed" or "size-over-cap" or "size-many-keys" or "alias-bomb" or "encoding-invalid-utf8")
            .GroupBy(c => c.Category)
            .SelectMany(g => g.OrderByDescending(c => c.Content.Length).Take(2))
            .Select(c => c.Name));

    [Theory]
    [MemberData(nameof(ProcessSample))]
    public async Task Case_AsAChildProcess_Exits65_NotACrash(string name)
    {
        var @case = fixture.Cases[name];
        var path = fixture.PathOf(@case);

        var result = await DriftlessCli.RunProcessAsync(["plan", "-f", path], fixture.Dir.Path);

        AssertRefused(@case, path, result, json: false);
    }

    private static void AssertRefused(RegistryFuzzCase @case, string path, CmdResult result, bool json)
    {
        var run = $"{@case.Name} ({@case.Content.Length} bytes): {Shorten(result.Describe())}";
        Assert.True(result.ExitCode is 65 or 64, run);
        Assert.EndsWith("\n", result.Stderr, StringComparison.Ordinal);
        var lines = result.Stderr[..^1].Split('\n');
        Assert.True(@case.OneProblem ? lines.Length == 1 : lines.Length <= 21, $"{lines.Length} lines; {run}");
        Assert.All(lines, line => Assert.StartsWith($"driftless: {path}", line, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.True(line.Length <= 1024, $"a line of {line.Length} characters; {run}"));
        Assert.DoesNotContain(result.Stderr[..^1], c => char.IsControl(c) && c != '\n');
        if (json)
        {
            using var document = JsonDocument.Parse(result.Stdout);
            Assert.Equal(result.ExitCode, document.RootElement.GetProperty("exitCode").GetInt32());
        }
        else
        {
            Assert.True(result.Stdout.Length == 0, run);
        }
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "…";
}
