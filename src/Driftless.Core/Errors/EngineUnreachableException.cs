namespace Driftless.Core.Errors;

/// <summary>The container engine did not answer (exit 69).</summary>
public sealed class EngineUnreachableException(string endpoint, Exception? inner = null)
    : DriftlessException($"container engine unreachable at {endpoint}: {inner?.Message ?? "no answer"}", ExitCodes.EngineUnreachable, inner)
{
    public string Endpoint { get; } = endpoint;
}
