using Driftless.Core.Errors;

namespace Driftless.Agent.Loop;

/// <summary>Why a pass failed as a whole, as <c>/v1/status</c> shows it: the user's message, never a bug's internals.</summary>
internal static class PassErrors
{
    public static string Describe(Exception error) => error switch
    {
        DriftlessException known => known.Message,
        OperationCanceledException => "the pass was cancelled: the shutdown timeout expired",
        _ => "internal error (see the agent log)",
    };
}
