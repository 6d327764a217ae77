using Driftless.Agent.Tests.Support;
using Driftless.Core.Errors;
using Driftless.Core.Planning;
using Driftless.IntegrationTests.Agent;

namespace Driftless.Agent.Tests.Loop;

/// <summary>A state directory that cannot take an apply fails the pass with its own error: never "lock held", which means retry later.</summary>
public sealed class StateDirectoryTests
{
    [Fact]
    public async Task A_lock_file_that_cannot_be_opened_fails_the_pass_with_a_state_error_never_lock_held()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        var lockPath = Path.Combine(rig.StateDirectory, "apply.lock");
        File.Delete(lockPath);
        Directory.CreateDirectory(lockPath);
        var calls = rig.Pass.Calls.Count;
        var mark = rig.Events.Count;

        var e = await Assert.ThrowsAsync<DriftlessException>(() => rig.Loop.ReconcileAsync("a", CancellationToken.None));

        Assert.IsNotType<LockHeldException>(e);
        Assert.Contains(e.Kind, new[] { ErrorKind.StateNotWritable, ErrorKind.StateUnusable });
        Assert.Contains(lockPath, e.Message, StringComparison.Ordinal);
        Assert.Empty(rig.Events.All<LockHeldSeen>(mark));
        Assert.Equal(calls, rig.Pass.Calls.Count);
        var status = await rig.Loop.StatusAsync(CancellationToken.None);
        Assert.Equal(Verdict.Unknown, status.Services[0].Verdict);
        Assert.Equal(e.Message, status.Services[0].Error);
    }
}
