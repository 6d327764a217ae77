using System.Text.Json;
using Driftless.Core.Events;

namespace Driftless.Core.Tests.State;

public sealed class EventJsonTests
{
    [Fact]
    public void Event_SerializesToTheDocumentedKeys_WithLowerCaseResult()
    {
        var e = new ApplyEvent(DateTimeOffset.UnixEpoch, "web", "sha256:aa", "sha256:bb", ["configs/a"], "restart", EventResult.Applied, 12, "c1", "c2", null);

        using var doc = JsonDocument.Parse(EventJson.Serialize(e));

        Assert.Equal(
            ["ts", "service", "oldHash", "newHash", "changedInputs", "mode", "result", "durationMs", "containerId", "newContainerId", "error", "reason", "modeUsed", "output", "check"],
            doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("applied", doc.RootElement.GetProperty("result").GetString());
        var back = EventJson.Deserialize(EventJson.Serialize(e))!;
        Assert.Equal(e, back with { ChangedInputs = e.ChangedInputs });
        Assert.Equal(e.ChangedInputs, back.ChangedInputs);
    }
}
