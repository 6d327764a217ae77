using System.Text.Json;
using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Events;

/// <summary>
/// The event says how the service's <c>check:</c> ended (passed, failed, timed out, could not run; null when none ran),
/// and that survives <c>state.db</c> and the JSON form.
/// </summary>
public sealed class CheckOutcomeTests : IAsyncLifetime
{
    private static readonly CheckSpec Validate = new(["caddy", "validate", "--config", "/etc/web/a.conf"], TimeSpan.FromSeconds(30), CheckLocation.Container);

    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    public static TheoryData<string, CheckOutcome, EventResult> Endings => new()
    {
        { "passed", CheckOutcome.Passed, EventResult.Applied },
        { "failed", CheckOutcome.Failed, EventResult.Rejected },
        { "timed_out", CheckOutcome.TimedOut, EventResult.Rejected },
        { "error", CheckOutcome.Error, EventResult.Rejected },
    };

    [Theory]
    [MemberData(nameof(Endings))]
    public async Task The_Event_Records_How_The_Check_Ended_In_StateDb_And_Json(string name, CheckOutcome outcome, EventResult result)
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("web") with { Check = Validate });
        _stack.Host.Replace("configs/web/a.conf", "two");
        switch (outcome)
        {
            case CheckOutcome.Failed:
                _stack.Runtime.CheckResult = new CheckRunResult(1, false, "Caddyfile:1: unexpected token", TimeSpan.Zero);
                break;
            case CheckOutcome.TimedOut:
                _stack.Runtime.CheckResult = new CheckRunResult(null, true, "still validating", TimeSpan.FromSeconds(30));
                break;
            case CheckOutcome.Error:
                _stack.Runtime.CheckFailure = new DriftlessException(ErrorKind.ApplyFailed, "web: the check container could not start: image not found");
                break;
        }

        var e = Assert.Single((await _stack.ApplyAsync(registry)).Outcomes).Event;

        Assert.Equal((result, outcome), (e.Result, e.Check));
        var stored = Assert.Single(await _stack.Store.HistoryAsync("web", 1, CancellationToken.None));
        Assert.Equal((result, outcome), (stored.Result, stored.Check));
        using var json = JsonDocument.Parse(EventJson.Serialize(stored));
        Assert.Equal(name, json.RootElement.GetProperty("check").GetString());
        Assert.Equal(outcome, EventJson.Deserialize(json.RootElement.GetRawText())!.Check);
    }

    [Fact]
    public async Task No_Check_Ran_Is_Null_Everywhere()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("web"));
        _stack.Host.Replace("configs/web/a.conf", "two");

        var e = Assert.Single((await _stack.ApplyAsync(registry)).Outcomes).Event;

        Assert.Equal((EventResult.Applied, null), (e.Result, e.Check));
        var stored = Assert.Single(await _stack.Store.HistoryAsync("web", 1, CancellationToken.None));
        Assert.Null(stored.Check);
        using var json = JsonDocument.Parse(EventJson.Serialize(stored));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("check").ValueKind);
        Assert.Empty(_stack.Runtime.CheckRuns);
    }
}
