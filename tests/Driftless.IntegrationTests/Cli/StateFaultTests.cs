using System.Diagnostics;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>
/// The state directory failing under a real apply against the real engine: read-only (exit 73, never 75), a
/// damaged or special state.db (exit 74 with the recovery), a full disk before and during an apply. Whatever the
/// fault, no container is touched unless its outcome can be told.
/// </summary>
public sealed class StateFaultTests
{
    private const string NotWritable = "cannot be written";

    [MountFact]
    public async Task ReadOnlyStateDirectory_ApplyAndAgentAreExit73_NotLockHeld_AndReadCommandsStillRead()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "v1\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        stack.ReplaceAtomically("configs/app.conf", "v2\n");
        var before = await stack.FactsAsync("app");

        await using (await Mount.ReadOnlyAsync(stack.StateDirectory))
        {
            var lockPath = Path.Combine(stack.StateDirectory, "apply.lock");
            foreach (var apply in new[] { await stack.RunAsync("apply"), await stack.RunProcessAsync(["apply"]) })
            {
                Assert.True(apply.ExitCode == 73, apply.Describe());
                Assert.StartsWith(
                    $"driftless: the state directory {stack.StateDirectory} cannot be written (cannot take the lock {lockPath}: Read-only file system)",
                    apply.Stderr,
                    StringComparison.Ordinal);
                Assert.DoesNotContain("another apply", apply.Stderr, StringComparison.Ordinal);
            }

            var agent = await DriftlessCli.RunProcessAsync(["agent", "-f", stack.RegistryPath, "--listen", $"127.0.0.1:{FreePort.Next()}"]);
            Assert.True(agent.ExitCode == 73, agent.Describe());
            Assert.Contains(NotWritable, agent.Stderr, StringComparison.Ordinal);
            Assert.Equal(before, await stack.FactsAsync("app"));
            Assert.Equal("v1\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));

            // The read commands read what is recorded, as it is on disk.
            var plan = await stack.RunAsync("plan", "-o", "json");
            Assert.True(plan.ExitCode == 2, plan.Describe());
            var item = plan.Json().GetProperty("services")[0];
            Assert.Equal("apply", item.GetProperty("action").GetString());
            Assert.StartsWith("sha256:", item.GetProperty("appliedHash").GetString(), StringComparison.Ordinal);
            var status = await stack.RunAsync("status");
            Assert.True(status.ExitCode == 2, status.Describe());
            var history = await stack.RunAsync("history");
            Assert.True(history.ExitCode == 0, history.Describe());
            Assert.Contains("adopted", history.Stdout, StringComparison.Ordinal);
        }

        // Writable again: the pending change goes through.
        var applied = await stack.RunAsync("apply");
        Assert.True(applied.ExitCode == 0, applied.Describe());
        Assert.Equal("v2\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));
    }

    [MountFact]
    public async Task ReadOnlyStateDirectory_WithWritesOnlyInTheLog_IsExit73ForReadCommands_SayingWhatToDo()
    {
        // A state copied while a writer had it open: part of it is only in state.db-wal, and without a -shm file
        // SQLite cannot read that log in a directory it cannot write. Reading state.db alone would show an older state.
        using var dir = new TempDir();
        var registry = dir.Write("driftless.yaml", $"version: 1\nproject: {TestNames.Unique()}\nservices:\n  app:\n    inputs: [app.conf]\n");
        dir.Write("app.conf", "v1\n");
        var state = Directory.CreateDirectory(dir.File(".driftless")).FullName;
        using (var source = new TempDir())
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={source.File("state.db")};Pooling=False");
            await connection.OpenAsync();
            await using var write = connection.CreateCommand();
            write.CommandText = "CREATE TABLE on_disk (x); PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE kept_in_the_log (x);";
            await write.ExecuteNonQueryAsync();
            File.Copy(source.File("state.db"), Path.Combine(state, "state.db"));
            File.Copy(source.File("state.db-wal"), Path.Combine(state, "state.db-wal"));
        }

        Assert.True(new FileInfo(Path.Combine(state, "state.db-wal")).Length > 0);
        await using (await Mount.ReadOnlyAsync(state))
        {
            var history = await DriftlessCli.RunAsync("history", "-f", registry);

            Assert.True(history.ExitCode == 73, history.Describe());
            Assert.StartsWith($"driftless: the state directory {state} cannot be written (Read-only file system; {state}/state.db-wal holds writes not yet in state.db", history.Stderr, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("dev-null")]
    [InlineData("fifo")]
    public async Task UnusableStateDb_IsExit74ForEveryCommand_WithTheRecovery_AndNoContainerIsTouched(string variant)
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "v1\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());

        var stateDb = Path.Combine(stack.StateDirectory, "state.db");
        await DamageAsync(stateDb, variant);
        stack.ReplaceAtomically("configs/app.conf", "changed\n");
        var before = await stack.FactsAsync("app");

        foreach (var command in new[] { "plan", "status", "history", "apply" })
        {
            var result = await stack.RunAsync(command);
            Assert.True(result.ExitCode == 74, $"{command}: {result.Describe()}");
            Assert.StartsWith($"driftless: the state database {stateDb} is unusable (", result.Stderr, StringComparison.Ordinal);
            Assert.EndsWith(
                "to recover, move it and its -wal/-shm files aside: the next apply starts a fresh state and adopts the containers already running the desired content\n",
                result.Stderr,
                StringComparison.Ordinal);
        }

        var watch = Stopwatch.StartNew();
        var agent = await DriftlessCli.RunProcessAsync(["agent", "-f", stack.RegistryPath, "--listen", $"127.0.0.1:{FreePort.Next()}"]);
        Assert.True(agent.ExitCode == 74, agent.Describe());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"the agent took {watch.Elapsed} to refuse the state");
        Assert.Equal(before, await stack.FactsAsync("app"));
        Assert.Equal("v1\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));

        // The recovery the message gives works: a fresh state, the pending change applied.
        var aside = Directory.CreateDirectory(stack.Dir.File("broken")).FullName;
        foreach (var file in Directory.GetFileSystemEntries(stack.StateDirectory, "state.db*"))
        {
            File.Move(file, Path.Combine(aside, Path.GetFileName(file)));
        }

        var recovered = await stack.RunAsync("apply");
        Assert.True(recovered.ExitCode == 0, recovered.Describe());
        Assert.Equal("changed\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));
    }

    [MountFact]
    public async Task NearlyFullStateDirectory_ApplyIsExit73_BeforeTouchingAnyContainer()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "v1\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        await using var disk = await Mount.TmpfsAsync(stack.StateDirectory, 2 * 1024 * 1024);
        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        stack.ReplaceAtomically("configs/app.conf", "v2\n");
        disk.FillLeaving("filler", 64 * 1024);
        var before = await stack.FactsAsync("app");

        var apply = await stack.RunAsync("apply");

        Assert.True(apply.ExitCode == 73, apply.Describe());
        Assert.Contains("KiB free; an apply needs at least 1 MiB to record what it does", apply.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await stack.FactsAsync("app"));
        Assert.Equal("v1\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));

        File.Delete(Path.Combine(disk.Path, "filler"));
        var applied = await stack.RunAsync("apply");
        Assert.True(applied.ExitCode == 0, applied.Describe());
        Assert.Equal("v2\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));
    }

    [MountFact]
    public async Task DiskFillingUpMidApply_IsAFailedServiceWithItsEvent_Exit1_AndNothingFalseIsRecorded()
    {
        await using var stack = new Stack();
        stack.Write("configs/app/app.conf", "v1\n");
        // The apply itself fills the state directory's disk, once: the outcome is the write that finds it full.
        stack.Service("app").Mode("exec").DirectoryMount("configs/app", "/etc/app").SharedMount(".driftless/fill", "/fill")
            .ExecApply("sh", "-c", "[ -e /fill/once ] || { touch /fill/once; cat /dev/zero > /fill/blob; }; true");
        await using var disk = await Mount.TmpfsAsync(stack.StateDirectory, 2 * 1024 * 1024);
        Directory.CreateDirectory(Path.Combine(disk.Path, "fill"));
        await stack.UpAsync();
        var adopt = await stack.RunAsync("apply");
        Assert.True(adopt.ExitCode == 0, adopt.Describe());
        var adoptedHash = (await stack.RunAsync("status", "-o", "json")).Json().GetProperty("services")[0].GetProperty("appliedHash").GetString();
        stack.Write("configs/app/app.conf", "v2\n");
        var events = stack.Dir.File("events.jsonl");

        var apply = await stack.RunAsync("apply", "--events", events);

        Assert.True(apply.ExitCode == 1, apply.Describe());
        Assert.Matches(@"app\s+failed\s+exec", apply.Stdout);
        Assert.Contains("outcome not recorded (applied)", apply.Stdout, StringComparison.Ordinal);
        var recorded = Assert.Single(Stack.ReadEvents(events));
        Assert.Equal("failed", recorded.GetProperty("result").GetString());
        Assert.StartsWith(
            $"outcome not recorded (applied): the state directory {stack.StateDirectory} cannot be written ({stack.StateDirectory}/state.db: database or disk is full)",
            recorded.GetProperty("error").GetString(),
            StringComparison.Ordinal);

        // Fail closed: the record did not advance; the interrupted attempt shows as started; the next apply runs it again.
        var status = await stack.RunAsync("status", "-o", "json");
        Assert.Equal(adoptedHash, status.Json().GetProperty("services")[0].GetProperty("appliedHash").GetString());
        var history = await stack.RunAsync("history", "-o", "json");
        Assert.Equal("started", history.Json().GetProperty("events")[0].GetProperty("result").GetString());
        File.Delete(Path.Combine(disk.Path, "fill", "blob"));
        var retried = await stack.RunAsync("apply");
        Assert.True(retried.ExitCode == 0, retried.Describe());
        Assert.Contains("applied", retried.Stdout, StringComparison.Ordinal);
    }

    private static async Task DamageAsync(string stateDb, string variant)
    {
        foreach (var file in new[] { stateDb + "-wal", stateDb + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }

        switch (variant)
        {
            case "truncated":
                await using (var file = new FileStream(stateDb, FileMode.Open))
                {
                    Assert.True(file.Length > 8192, $"state.db is only {file.Length} bytes");
                    file.SetLength(8192);
                }

                break;
            case "garbage":
                await File.WriteAllBytesAsync(stateDb, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
                break;
            case "dev-null":
                File.Delete(stateDb);
                File.CreateSymbolicLink(stateDb, "/dev/null");
                break;
            case "fifo":
                File.Delete(stateDb);
                await Cmd.RunCheckedAsync(["mkfifo", stateDb]);
                break;
        }
    }
}
