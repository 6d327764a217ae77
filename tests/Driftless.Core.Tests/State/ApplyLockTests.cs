using Driftless.Core.Errors;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.State;

public sealed class ApplyLockTests
{
    [Fact]
    public void SecondAcquire_Throws_NamingTheHolderPid_AndExit75()
    {
        using var dir = new TempDirectory();
        using (ApplyLock.Acquire(dir.Path))
        {
            var ex = Assert.Throws<LockHeldException>(() => ApplyLock.Acquire(dir.Path));
            Assert.Equal(Environment.ProcessId, ex.HolderPid);
            Assert.Equal(ErrorKind.LockHeld, ex.Kind);
            Assert.Contains($"pid {Environment.ProcessId}", ex.Message, StringComparison.Ordinal);
        }

        using var again = ApplyLock.Acquire(dir.Path);
    }

    [Fact]
    public void Acquire_WhereTheLockFileCannotBeOpened_IsAStateError_NeverLockHeld()
    {
        // Nobody holds the lock: "another apply holds it" (75, retry later) would be a lie.
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "apply.lock"));

        var ex = Assert.ThrowsAny<DriftlessException>(() => ApplyLock.Acquire(dir.Path));

        Assert.IsNotType<LockHeldException>(ex);
        Assert.Contains(ex.Kind, new[] { ErrorKind.StateNotWritable, ErrorKind.StateUnusable });
        Assert.Contains(Path.Combine(dir.Path, "apply.lock"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_WhereTheStateDirectoryCannotBeCreated_IsAStateError_NeverLockHeld()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "not-a-directory");
        File.WriteAllText(file, "x");

        var ex = Assert.ThrowsAny<DriftlessException>(() => ApplyLock.Acquire(Path.Combine(file, ".driftless")));

        Assert.IsNotType<LockHeldException>(ex);
        Assert.Equal(ErrorKind.StateUnusable, ex.Kind);
    }
}
