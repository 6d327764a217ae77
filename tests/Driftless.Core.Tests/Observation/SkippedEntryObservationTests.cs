using Driftless.Core.Planning;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Observation;

/// <summary>
/// Entries of a mounted input directory the host does not hash are left out of what the process sees too, so
/// the service converges: a FIFO or socket is no regular file on either side, and a link into /proc reads as a
/// file in the container yet is no configuration.
/// </summary>
public sealed class SkippedEntryObservationTests : IAsyncLifetime
{
    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task FifoAndSocketInMountedDirectory_AreLeftOutOnBothSides_AndTheServiceIsInSync()
    {
        var service = _stack.Service("web");
        SpecialFiles.Fifo(_stack.Host.PathOf("configs/web/pipe"));
        using var socket = SpecialFiles.Socket(_stack.Host.PathOf("configs/web/run/control.sock"));
        var registry = await _stack.AdoptedAsync(service);

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.InSync, PlanAction.Noop), (item.Verdict, item.Action));
        Assert.Equal(["configs/web/a.conf"], item.View!.Files.Select(f => f.RelativePath));
        Assert.Equal(item.Desired.Value, item.View.Hash);
        Assert.Equal(["configs/web/pipe", "configs/web/run/control.sock"], item.Desired.Skipped.Select(s => s.RelativePath));
    }

    [Fact]
    public async Task LinkIntoProcInMountedDirectory_IsLeftOutOfWhatTheProcessSees()
    {
        var service = _stack.Service("web");
        File.CreateSymbolicLink(_stack.Host.PathOf("configs/web/env"), "/proc/self/environ");
        var registry = await _stack.AdoptedAsync(service);

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.InSync, PlanAction.Noop), (item.Verdict, item.Action));
        Assert.DoesNotContain(item.View!.Files, f => f.RelativePath == "configs/web/env");
        Assert.Equal(item.Desired.Value, item.View.Hash);
    }

    [Fact]
    public async Task AFileTurnedIntoAFifo_IsAChange_NotAnEmptyFile()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web"));
        _stack.Host.Write("configs/web/b.conf", string.Empty);
        var withEmptyFile = await _stack.PlanItemAsync(registry, "web");
        File.Delete(_stack.Host.PathOf("configs/web/b.conf"));
        SpecialFiles.Fifo(_stack.Host.PathOf("configs/web/b.conf"));

        var withFifo = await _stack.PlanItemAsync(registry, "web");

        Assert.NotEqual(withEmptyFile.Desired.Value, withFifo.Desired.Value);
        Assert.Equal((Verdict.InSync, PlanAction.Noop), (withFifo.Verdict, withFifo.Action));
    }
}
