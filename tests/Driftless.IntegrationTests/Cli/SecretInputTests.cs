using System.Security.Cryptography;
using System.Text;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>Secret inputs on the real engine: keyed hashes in every output, the key file, and a key change.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SecretInputTests
{
    private const string OldSecret = "hunter2\n";
    private const string NewSecret = "hunter3\n";

    [Fact]
    public async Task PlainSha256OfASecretFile_NeverAppears_InPlanStatusHistoryEventsOrStateDb_AndTheKeyedHashFollowsTheFile()
    {
        await using var stack = SecretStack();
        await stack.UpAsync();
        var outputs = new List<string>();
        var first = await stack.RunAsync("apply");
        Assert.True(first.ExitCode == 0, first.Describe());
        var keyPath = Path.Combine(stack.StateDirectory, "hash.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        var statusBefore = await stack.RunAsync("status", "--output", "json");
        outputs.Add(statusBefore.Stdout);
        var desiredBefore = Service(statusBefore, "db").GetProperty("desiredHash").GetString();

        stack.ReplaceAtomically("configs/secret/db.pass", NewSecret);
        var plan = await stack.RunAsync("plan", "--output", "json");
        outputs.Add(plan.Stdout);
        outputs.Add((await stack.RunAsync("plan", "-v")).Stdout);
        var events = stack.Dir.File("events.jsonl");
        var apply = await stack.RunAsync("apply", "--events", events, "--output", "json");
        Assert.True(apply.ExitCode == 0, apply.Describe());
        outputs.Add(apply.Stdout);
        outputs.Add(await File.ReadAllTextAsync(events));
        outputs.Add((await stack.RunAsync("history", "--output", "json")).Stdout);
        outputs.Add((await stack.RunAsync("history")).Stdout);
        var statusAfter = await stack.RunProcessAsync(["status", "--output", "json"]);
        outputs.Add(statusAfter.Stdout);
        var db = Service(statusAfter, "db");

        Assert.Equal("in sync", db.GetProperty("verdict").GetString());
        Assert.Equal(db.GetProperty("desiredHash").GetString(), db.GetProperty("seen").GetProperty("hash").GetString());
        Assert.NotEqual(desiredBefore, db.GetProperty("desiredHash").GetString());
        Assert.Contains("hmac-sha256:", string.Concat(outputs), StringComparison.Ordinal);
        var state = Directory.GetFiles(stack.StateDirectory, "state.db*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))).ToList();
        foreach (var secret in new[] { OldSecret, NewSecret })
        {
            var plain = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
            Assert.All(outputs, o => Assert.DoesNotContain(plain, o, StringComparison.OrdinalIgnoreCase));
            Assert.All(state, s => Assert.DoesNotContain(plain, s, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task AgentApi_StatusHistoryAndMetrics_NeverShowThePlainSha256_AndFollowTheSecret()
    {
        await using var stack = SecretStack();
        await stack.UpAsync();
        await using var agent = Driftless.IntegrationTests.Agent.AgentProcess.Start(stack.RegistryPath);
        var first = await agent.WaitForServiceAsync("db", s => s.GetProperty("verdict").GetString() == "in_sync", TimeSpan.FromSeconds(60));
        var adoptedHash = first.GetProperty("appliedHash").GetString();

        stack.ReplaceAtomically("configs/secret/db.pass", NewSecret);
        await agent.WaitForServiceAsync(
            "db",
            s => s.GetProperty("verdict").GetString() == "in_sync" && s.GetProperty("appliedHash").GetString() != adoptedHash,
            TimeSpan.FromSeconds(60));
        var answers = new[]
        {
            await agent.GetTextAsync("/v1/status"),
            await agent.GetTextAsync("/v1/history?service=db&limit=100"),
            await agent.GetTextAsync("/metrics"),
        };

        Assert.Contains(adoptedHash!, answers[1], StringComparison.Ordinal);
        foreach (var secret in new[] { OldSecret, NewSecret })
        {
            var plain = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
            Assert.All(answers, a => Assert.DoesNotContain(plain, a, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(plain, agent.Output, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("rekey")]
    [InlineData("delete")]
    public async Task ChangingTheKey_ReAdopts_WithoutRestarting(string how)
    {
        await using var stack = SecretStack();
        await stack.UpAsync();
        Assert.Equal(0, (await stack.RunAsync("apply")).ExitCode);
        var before = await stack.FactsAsync("db");
        var keyPath = Path.Combine(stack.StateDirectory, "hash.key");
        var oldKey = await File.ReadAllBytesAsync(keyPath);
        if (how == "rekey")
        {
            var rekey = await stack.RunAsync("rekey", "-o", "json");
            Assert.True(rekey.ExitCode == 0, rekey.Describe());
            var answer = rekey.Json();
            Assert.Equal(keyPath, answer.GetProperty("path").GetString());
            Assert.NotEqual(answer.GetProperty("previousKeyId").GetString(), answer.GetProperty("keyId").GetString());
            Assert.NotEqual(oldKey, await File.ReadAllBytesAsync(keyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }
        else
        {
            File.Delete(keyPath);
        }

        var plan = await stack.RunAsync("plan");
        Assert.True(plan.ExitCode == 2, plan.Describe()); // a pending action (adopt)
        Assert.Contains("hash key changed", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("rekeyed", plan.Stdout, StringComparison.Ordinal); // not "modified": nothing is known to have changed
        var events = stack.Dir.File("events.jsonl");
        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 0, apply.Describe());
        Assert.Equal("adopted", Assert.Single(Stack.ReadEvents(events)).GetProperty("result").GetString());
        var after = await stack.FactsAsync("db");
        Assert.Equal(before.StartedAt, after.StartedAt);
        Assert.Equal(before.Id, after.Id);
    }

    [Fact]
    public async Task KeyReadableByOthers_IsRefused_Exit74_NamingTheFile()
    {
        await using var stack = SecretStack();
        await stack.UpAsync();
        Directory.CreateDirectory(stack.StateDirectory);
        var keyPath = Path.Combine(stack.StateDirectory, "hash.key");
        await File.WriteAllBytesAsync(keyPath, new byte[32]);
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var plan = await stack.RunProcessAsync(["plan"]);

        Assert.True(plan.ExitCode == 74, plan.Describe());
        Assert.Contains(keyPath, plan.Stderr, StringComparison.Ordinal);
        Assert.Contains("0600", plan.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashCommand_Secret_KeysTheDigestsUnderTheStateKey()
    {
        await using var stack = SecretStack();
        var plainOut = await DriftlessCli.RunProcessAsync(["hash", "--output", "json", "configs/secret/"], stack.Dir.Path);
        var keyed = await DriftlessCli.RunProcessAsync(["hash", "--secret", "--output", "json", "configs/secret/"], stack.Dir.Path);
        var again = await DriftlessCli.RunProcessAsync(["hash", "--secret", "--state", ".driftless", "configs/secret/"], stack.Dir.Path);
        var other = await DriftlessCli.RunProcessAsync(["hash", "--secret", "--state", "other-state", "configs/secret/"], stack.Dir.Path);

        Assert.True(keyed.ExitCode == 0, keyed.Describe());
        var plain = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OldSecret)));
        Assert.Contains(plain, plainOut.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(plain, keyed.Stdout, StringComparison.Ordinal);
        Assert.Contains("hmac-sha256:", keyed.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(stack.StateDirectory, "hash.key")));
        Assert.Equal(keyed.Json().GetProperty("hash").GetString(), again.Stdout.Trim());
        Assert.NotEqual(again.Stdout.Trim(), other.Stdout.Trim());
    }

    private static Stack SecretStack()
    {
        var stack = new Stack();
        stack.Write("configs/db/db.conf", "port = 5432\n");
        stack.Write("configs/secret/db.pass", OldSecret);
        stack.Service("db").Mode("restart").DirectoryMount("configs/db", "/etc/db")
            .SharedMount("configs/secret", "/run/secrets/db")
            .Key("secrets", "[configs/secret/]");
        return stack;
    }

    private static System.Text.Json.JsonElement Service(CmdResult result, string name)
    {
        Assert.True(result.ExitCode == 0, result.Describe());
        return result.Json().GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == name);
    }
}
