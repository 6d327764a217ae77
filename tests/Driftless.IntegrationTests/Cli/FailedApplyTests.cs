using System.Text.Json;

namespace Driftless.IntegrationTests.Cli;

/// <summary>Fail closed (DIFF_IMPLIES_APPLY): a container that dies on its new config fails the apply and state does not advance.</summary>
public sealed class FailedApplyTests
{
    [Fact]
    public async Task ContainerThatCannotStartAfterRecreate_Fails_StateNotAdvanced()
    {
        await using var stack = new Stack();
        stack.Write("configs/app/app.conf", "mode = GOOD\n");
        stack.Service("app").Mode("recreate").DirectoryMount("configs/app", "/etc/app")
            .Runs("sh", "-c", "grep -q BAD /etc/app/app.conf && exit 3; exec sleep 3600");
        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var goodHash = await stack.HashAsync("configs/app/");
        var before = await stack.FactsAsync("app");

        stack.ReplaceAtomically("configs/app/app.conf", "mode = BAD\n");
        var badHash = await stack.HashAsync("configs/app/");
        var events = stack.Dir.File("events.jsonl");

        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 1, apply.Describe());
        var failed = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("failed", failed.GetProperty("result").GetString());
        Assert.Equal("recreate", failed.GetProperty("mode").GetString());
        Assert.Equal(goodHash, failed.GetProperty("oldHash").GetString());
        Assert.Equal(badHash, failed.GetProperty("newHash").GetString());
        Assert.False(string.IsNullOrWhiteSpace(failed.GetProperty("error").GetString()), failed.ToString());
        Assert.Contains("verification failed", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        var newContainer = await stack.FactsAsync("app");
        Assert.NotEqual(before.Id, newContainer.Id);
        Assert.False(newContainer.Running);

        var history = await stack.RunAsync("history", "--output", "json");
        Assert.True(history.ExitCode == 0, history.Describe());
        var newest = history.Json().GetProperty("events").EnumerateArray().First();
        Assert.Equal("app", newest.GetProperty("service").GetString());
        Assert.Equal("failed", newest.GetProperty("result").GetString());
        Assert.Equal(failed.GetProperty("error").GetString(), newest.GetProperty("error").GetString());
        var historyText = await stack.RunAsync("history");
        Assert.Contains("failed", historyText.Stdout, StringComparison.Ordinal);

        var status = await stack.RunAsync("status", "--output", "json");
        Assert.True(status.ExitCode == 2, status.Describe());
        var item = Assert.Single(status.Json().GetProperty("services").EnumerateArray());
        Assert.Equal(goodHash, item.GetProperty("appliedHash").GetString());
        Assert.Equal(badHash, item.GetProperty("desiredHash").GetString());

        var plan = await stack.RunAsync("plan");
        Assert.True(plan.ExitCode == 2, plan.Describe());

        // Reverting the config converges again: the dead container is recreated with the good content.
        stack.ReplaceAtomically("configs/app/app.conf", "mode = GOOD\n");
        var recover = await stack.RunAsync("apply");
        Assert.True(recover.ExitCode == 0, recover.Describe());
        var recovered = await stack.FactsAsync("app");
        Assert.True(recovered.Running);
        Assert.Equal(goodHash, recovered.ConfigHashLabel);
        Assert.Equal(0, (await stack.RunAsync("status")).ExitCode);
    }
}
