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
}
