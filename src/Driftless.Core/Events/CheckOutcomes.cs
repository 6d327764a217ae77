namespace Driftless.Core.Events;

public static class CheckOutcomes
{
    /// <summary>The stored and exported spelling: <c>passed</c>, <c>failed</c>, <c>timed_out</c>, <c>error</c>.</summary>
    public static string Name(this CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "passed",
        CheckOutcome.Failed => "failed",
        CheckOutcome.TimedOut => "timed_out",
        CheckOutcome.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>The outcome a stored name stands for; null for null or a name this version does not know.</summary>
    public static CheckOutcome? Parse(string? name) => name switch
    {
        "passed" => CheckOutcome.Passed,
        "failed" => CheckOutcome.Failed,
        "timed_out" => CheckOutcome.TimedOut,
        "error" => CheckOutcome.Error,
        _ => null,
    };
}
