using System.Security.Cryptography;
using System.Text;
using Driftless.Core.Events;
using Driftless.Core.Hashing;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Planning;

/// <summary>Secret inputs through the real pass: keyed digests everywhere, a key change re-adopts.</summary>
public sealed class SecretInputPassTests
{
    private const string OldSecret = "hunter2";
    private const string NewSecret = "hunter3";

    [Fact]
    public async Task PlainSha256OfTheSecret_NeverAppears_InPlanApplyEventsHistoryOrStateDb()
    {
        var stack = await FakeStack.OpenAsync();
        var seen = new List<string>();
        var stateBytes = new List<string>();
        DriftlessRegistry registry;
        await using (stack)
        {
            registry = await stack.AdoptedAsync(SecretService(stack));
            stack.Host.Write("configs/db/a.conf", NewSecret);

            var plan = await stack.PlanAsync(registry);
            var item = Assert.Single(plan.Items);
            Assert.Equal(PlanAction.Apply, item.Action);
            Assert.All(item.Changes, c => Assert.True(HashKey.IsKeyed(c.NewDigest)));
            seen.AddRange(Strings(item));

            var report = await stack.ApplyAsync(registry);
            var outcome = Assert.Single(report.Outcomes);
            Assert.Equal(EventResult.Applied, outcome.Event.Result);
            Assert.Contains(stack.Runtime.Calls, c => c.StartsWith("restart db", StringComparison.Ordinal));
            seen.AddRange(Strings(outcome.Item));
            seen.AddRange(Strings(outcome.Event));
            foreach (var e in await stack.Store.HistoryAsync("db", 100, CancellationToken.None))
            {
                seen.AddRange(Strings(e));
            }

            var applied = await stack.AppliedAsync("db");
            Assert.NotNull(applied);
            seen.Add(applied.Hash);
            seen.AddRange(applied.Files.Select(f => f.Digest));
            Assert.All(applied.Files, f => Assert.True(HashKey.IsKeyed(f.Digest)));

            // The database and its write-ahead log, as on disk (every committed page is in one or the other).
            foreach (var file in Directory.GetFiles(stack.StateDirectory, SqliteStateStore.FileName + "*"))
            {
                stateBytes.Add(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
            }
        }

        foreach (var secret in new[] { OldSecret, NewSecret })
        {
            var plain = PlainHex(secret);
            Assert.All(seen, s => Assert.DoesNotContain(plain, s, StringComparison.Ordinal));
            Assert.All(stateBytes, bytes =>
            {
                Assert.DoesNotContain(plain, bytes, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, bytes, StringComparison.Ordinal);
            });
        }

        Assert.True(seen.Count > 5);
        Assert.Contains(stateBytes, bytes => bytes.Contains(HashKey.Prefix, StringComparison.Ordinal));
        Assert.Contains(seen, s => s.Contains(HashKey.Prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ContainerSide_HashesUnderTheSameKey_SoAnUnchangedSecretIsInSync()
    {
        await using var stack = await FakeStack.OpenAsync();
        var registry = await stack.AdoptedAsync(SecretService(stack));

        var item = await stack.PlanItemAsync(registry, "db");

        Assert.Equal(Verdict.InSync, item.Verdict);
        Assert.NotNull(item.View);
        Assert.Equal(item.Desired.Value, item.View.Hash);
        Assert.All(item.View.Files, f => Assert.True(HashKey.IsKeyed(f.Digest)));
    }

    [Fact]
    public async Task ChangedKey_ReAdopts_WithoutRestarting()
    {
        await using var stack = await FakeStack.OpenAsync();
        var registry = await stack.AdoptedAsync(SecretService(stack));
        var before = await stack.AppliedAsync("db");
        File.Delete(Path.Combine(stack.StateDirectory, HashKeyFile.FileName));

        var item = await stack.PlanItemAsync(registry, "db");
        Assert.Equal(PlanAction.Adopt, item.Action);
        Assert.Contains("hash key changed", item.Reason, StringComparison.Ordinal);

        var report = await stack.ApplyAsync(registry);

        Assert.Equal(EventResult.Adopted, Assert.Single(report.Outcomes).Event.Result);
        Assert.DoesNotContain(stack.Runtime.Calls, c => c.StartsWith("restart", StringComparison.Ordinal) || c.StartsWith("recreate", StringComparison.Ordinal));
        var after = await stack.AppliedAsync("db");
        Assert.NotEqual(before!.Hash, after!.Hash);
        Assert.Equal(Verdict.InSync, (await stack.PlanItemAsync(registry, "db")).Verdict);
    }

    [Fact]
    public async Task ChangedKey_AndChangedPlainFile_StillApplies()
    {
        await using var stack = await FakeStack.OpenAsync();
        stack.Host.Write("configs/db/plain.conf", "x");
        var service = SecretService(stack) with
        {
            Inputs = [new InputSpec("configs/db/a.conf", stack.Host.PathOf("configs/db/a.conf"), InputKind.File) { Secret = true },
                      new InputSpec("configs/db/plain.conf", stack.Host.PathOf("configs/db/plain.conf"), InputKind.File)],
        };
        stack.Runtime.Run("db", FakeRuntime.Bind(stack.Host.PathOf("configs/db"), "/etc/db"));
        var registry = stack.Registry(service);
        await stack.AdoptAsync(registry);
        File.Delete(Path.Combine(stack.StateDirectory, HashKeyFile.FileName));
        stack.Host.Write("configs/db/plain.conf", "y");

        var item = await stack.PlanItemAsync(registry, "db");

        Assert.Equal(PlanAction.Apply, item.Action);
    }

    private static ServiceSpec SecretService(FakeStack stack)
    {
        var service = stack.Service("db", content: OldSecret);
        return service with { Inputs = [service.Inputs[0] with { Secret = true }] };
    }

    private static string PlainHex(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private static IEnumerable<string> Strings(PlanItem item) =>
        new[] { item.Desired.Value, item.Applied?.Hash, item.View?.Hash, item.Reason }
            .Concat(item.Desired.Files.Select(f => f.Digest))
            .Concat(item.Changes.SelectMany(c => new[] { c.OldDigest, c.NewDigest }))
            .Concat(item.View?.Files.Select(f => f.Digest) ?? [])
            .Concat(item.Applied?.Files.Select(f => f.Digest) ?? [])
            .OfType<string>();

    private static IEnumerable<string> Strings(ApplyEvent e) =>
        new[] { e.OldHash, e.NewHash, e.Error, e.Reason }.Concat(e.ChangedInputs).OfType<string>();
}
