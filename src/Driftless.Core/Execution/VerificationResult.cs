using Driftless.Core.Runtime;

namespace Driftless.Core.Execution;

/// <summary>The verdict of one verification: the container and view it saw, or why it failed.</summary>
internal sealed record VerificationResult(RuntimeContainer? Container, ProcessView? View, string? Failure)
{
    public bool Succeeded => Failure is null;

    public static VerificationResult Fail(string failure, RuntimeContainer? container = null, ProcessView? view = null) =>
        new(container, view, failure);
}
