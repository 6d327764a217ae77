namespace Driftless.Configuration.Tests.Reload;

/// <summary>Waits for something a real FileSystemWatcher or the thread pool delivers — bounded, never a timing assertion.</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    public static async Task AssertAsync(Func<bool> condition, string because, int timeoutMs = 5000) =>
        Assert.True(await TrueAsync(condition, timeoutMs), because);
}
