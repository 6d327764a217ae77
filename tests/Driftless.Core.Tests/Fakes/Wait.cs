using System.Diagnostics;

namespace Driftless.Core.Tests.Fakes;

/// <summary>
/// Waits for something the code under test does on another task (a request sent, a timer created). Polls; never
/// sleeps to let time pass: time is the fake clock's, advanced by the test.
/// </summary>
internal static class Wait
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Patience)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(1);
        }
    }
}
