namespace Driftless.Core.Doctor;

/// <summary>The outcome of an <see cref="IEndpointProbe"/> connect.</summary>
/// <param name="Connected">The endpoint accepted the connection.</param>
/// <param name="Problem">Why not (e.g. <c>connection refused</c>, <c>timed out after 2s</c>); never names resolved hosts or addresses.</param>
public sealed record ProbeResult(bool Connected, string? Problem)
{
    public static ProbeResult Ok { get; } = new(true, null);

    public static ProbeResult Failed(string problem) => new(false, problem);
}
