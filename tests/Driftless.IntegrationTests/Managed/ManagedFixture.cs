using System.Text.Json;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Managed;

/// <summary>
/// One unique project for managed-container tests: a recording directory mounted at <c>/rec</c>, specs of a
/// busybox container that appends its start and each stop signal it receives to <c>/rec/log</c> (one file, so
/// the order of lines is the order of events), and a dispose that
/// removes every container labelled for this project (and any foreign ones the test registered).
/// </summary>
public sealed class ManagedFixture : IAsyncDisposable
{
    public const string RecordPath = "/rec";

    private readonly List<string> _foreign = [];

    public ManagedFixture()
    {
        Project = TestNames.Unique("dlm");
    }

    public string Project { get; }

    public TempDir Dir { get; } = new("dlm");

    public string LogFile => Dir.File("log");

    /// <summary>
    /// <c>sh -c</c> that appends <c>started TAG</c> to /rec/log, traps <paramref name="signals"/> (appends
    /// <c>NAME TAG</c> and exits 0) and meanwhile waits on a background sleep so a trap runs at once.
    /// </summary>
    public static IReadOnlyList<string> RecordingCommand(string tag, params string[] signals)
    {
        var traps = string.Concat(signals.Select(s => $"trap 'echo {s} {tag} >> {RecordPath}/log; exit 0' {s}; "));
        return ["sh", "-c", $"{traps}echo started {tag} >> {RecordPath}/log; sleep 3600 & wait $!"];
    }

    public ManagedSpec Spec(
        string tag = "v1",
        string stopSignal = "SIGTERM",
        TimeSpan? grace = null,
        IReadOnlyDictionary<string, string>? env = null,
        IReadOnlyList<string>? command = null,
        string image = TestNames.Image,
        IReadOnlyList<PortBinding>? ports = null,
        IReadOnlyList<VolumeBinding>? volumes = null) => new(
        image,
        command ?? RecordingCommand(tag, stopSignal.StartsWith("SIG", StringComparison.Ordinal) ? stopSignal[3..] : stopSignal),
        env ?? new Dictionary<string, string> { ["TAG"] = tag },
        ports ?? [],
        volumes ?? [new VolumeBinding(Dir.Path, RecordPath, ReadOnly: false)],
        stopSignal,
        grace ?? TimeSpan.FromSeconds(20));

    /// <summary>A container the test created outside Driftless; removed on dispose.</summary>
    public void RegisterForeign(string id) => _foreign.Add(id);

    /// <summary>Every container labelled <c>io.driftless.managed=&lt;Project&gt;/…</c>, with its state.</summary>
    public async Task<IReadOnlyList<(string Id, string Service, bool Running)>> LabelledAsync()
    {
        var listed = await Cmd.RunCheckedAsync(["docker", "ps", "-a", "--no-trunc", "--filter", "label=" + ManagedSpecs.ManagedLabel,
            "--format", "{{.ID}}\t{{.Label \"" + ManagedSpecs.ManagedLabel + "\"}}\t{{.State}}"]);
        var prefix = Project + "/";
        return listed.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 3 && f[1].StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => (f[0], f[1][prefix.Length..], f[2] == "running"))
            .ToList();
    }

    public static async Task<JsonElement?> InspectAsync(string id)
    {
        var result = await Cmd.RunAsync(["docker", "inspect", id]);
        if (result.ExitCode != 0)
        {
            return null;
        }

        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement[0].Clone();
    }

    public static async Task<bool> ExistsAsync(string id) => await InspectAsync(id) is not null;

    /// <summary>The log's lines in order (empty when nothing was recorded yet).</summary>
    public IReadOnlyList<string> Log() =>
        File.Exists(LogFile) ? File.ReadAllLines(LogFile).Where(l => l.Length > 0).ToList() : [];

    /// <summary>The signals recorded (<c>NAME TAG</c>), in order.</summary>
    public IReadOnlyList<string> Signals() => Log().Where(l => !l.StartsWith("started ", StringComparison.Ordinal)).ToList();

    /// <summary>Polls (generous deadline) until a container has written its start marker.</summary>
    public async Task WaitStartedAsync(string tag)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Log().Contains("started " + tag))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"container {tag} did not write its start marker");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var ids = (await LabelledAsync()).Select(c => c.Id).Concat(_foreign).ToList();
        if (ids.Count > 0)
        {
            await Cmd.RunAsync(["docker", "rm", "-f", "-v", .. ids]);
        }

        Dir.Dispose();
    }
}
