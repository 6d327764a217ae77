namespace Driftless.Core.Errors;

/// <summary>The container engine did not answer.</summary>
public sealed class EngineUnreachableException(string endpoint, Exception? inner = null)
    : DriftlessException(ErrorKind.EngineUnreachable, $"container engine unreachable at {endpoint}: {inner?.Message ?? "no answer"}", inner)
{
    public string Endpoint { get; } = endpoint;
}
