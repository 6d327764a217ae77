using Driftless.Core.Doctor;

namespace Driftless.Core.Tests.Doctor;

/// <summary>An endpoint probe without sockets: answers per host:port, records what was asked.</summary>
internal sealed class FakeProbe : IEndpointProbe
{
    public Dictionary<string, ProbeResult> Answers { get; } = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    public Task<ProbeResult> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var endpoint = $"{host}:{port}";
        Calls.Add($"{endpoint} within {timeout.TotalSeconds}s");
        return Task.FromResult(Answers.GetValueOrDefault(endpoint) ?? ProbeResult.Failed("connection refused"));
    }
}
