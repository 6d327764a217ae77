using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Events;

/// <summary><c>--events FILE</c>: a file that cannot be written is a clear error (exit 73), never a crash.</summary>
public sealed class JsonLinesEventSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("driftless-events-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Open_CreatesTheDirectory_AndAnEmptyFile()
    {
        var path = Path.Combine(_dir, "deep", "er", "events.jsonl");

        JsonLinesEventSink.Open(path);

        Assert.Equal(string.Empty, File.ReadAllText(path));
    }

    [Fact]
    public void Open_OnADirectory_IsOutputNotWritable_NamingThePath()
    {
        var e = Assert.Throws<DriftlessException>(() => JsonLinesEventSink.Open(_dir));

        Assert.Equal(ErrorKind.OutputNotWritable, e.Kind);
        Assert.StartsWith($"cannot write the events file {_dir}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnderARegularFile_IsOutputNotWritable()
    {
        var file = Path.Combine(_dir, "plain");
        File.WriteAllText(file, "x");

        var e = Assert.Throws<DriftlessException>(() => JsonLinesEventSink.Open(Path.Combine(file, "events.jsonl")));

        Assert.Equal(ErrorKind.OutputNotWritable, e.Kind);
    }

    [Fact]
    public async Task Write_OnAFullDevice_IsOutputNotWritable_AfterTheOutcomeWasRecorded()
    {
        // /dev/full opens for writing and fails every write with ENOSPC: the disk under the events file filling up.
        await using var stack = await FakeStack.OpenAsync();
        var registry = await stack.AdoptedAsync(stack.Service("web"));
        stack.Host.Write("configs/web/a.conf", "two");
        var sink = JsonLinesEventSink.Open("/dev/full");

        var e = await Assert.ThrowsAsync<DriftlessException>(() => stack.ApplyAsync(registry, new ApplyOptions(Events: sink)));

        Assert.Equal(ErrorKind.OutputNotWritable, e.Kind);
        Assert.StartsWith("cannot write the events file /dev/full: ", e.Message, StringComparison.Ordinal);

        // The state is the record: the apply happened and is recorded, so the next run has nothing to do.
        Assert.Equal(EventResult.Applied, (await stack.Store.HistoryAsync("web", 1, default))[0].Result);
        Assert.All((await stack.ApplyAsync(registry)).Outcomes, o => Assert.Equal(EventResult.Noop, o.Event.Result));
    }
}
