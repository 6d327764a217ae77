using System.Text.Json;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Managed;

/// <summary>
/// One unique project for managed-container tests: a recording directory mounted at <c>/rec</c>, specs of a
/// busybox container that appends each stop signal it receives to <c>/rec/signals</c>, and a dispose that
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

    public string SignalsFile => Dir.File("signals");

    /// <summary>
    /// <c>sh -c</c> that traps <paramref name="signals"/>, appends the name (and <paramref name="tag"/>) to
    /// /rec/signals and exits 0; meanwhile it waits on a background sleep so a trap runs at once.
    /// </summary>
    public static IReadOnlyList<string> RecordingCommand(string tag, params string[] signals)
    {
        var traps = string.Concat(signals.Select(s => $"trap 'echo {s} {tag} >> {RecordPath}/signals; exit 0' {s}; "));
        return ["sh", "-c", $"{traps}echo started {tag} >> {RecordPath}/started; sleep 3600 & wait $!"];
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

    /// <summary>The signals file's lines (empty when nothing was recorded yet).</summary>
    public IReadOnlyList<string> Signals() =>
        File.Exists(SignalsFile) ? File.ReadAllLines(SignalsFile).Where(l => l.Length > 0).ToList() : [];

    /// <summary>Polls (generous deadline) until a container has written its start marker.</summary>
    public async Task WaitStartedAsync(string tag)
    {
        var file = Dir.File("started");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(File.Exists(file) && File.ReadAllLines(file).Contains("started " + tag)))
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
