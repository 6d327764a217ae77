using Driftless.Core.Events;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.State;

public sealed class SqliteStateStoreTests
{
    [Fact]
    public async Task ReadOnlyOpen_OfMissingStore_IsEmptyAndCreatesNothing()
    {
        using var dir = new TempDirectory();
        var stateDir = Path.Combine(dir.Path, ".driftless");

        await using var store = await SqliteStateStore.OpenAsync(stateDir, readOnly: true, default);

        Assert.Empty(await store.LoadAppliedAsync(default));
        Assert.Empty(await store.HistoryAsync(null, 10, default));
        Assert.False(Directory.Exists(stateDir));
    }

    [Fact]
    public async Task Record_AdvancesStateAndAppendsHistory_NewestFirst_AndSurvivesReopen()
    {
        using var dir = new TempDirectory();
        var record = new AppliedRecord("web", "sha256:bb", [new RecordedDigest("configs/a", "sha256:11")], "cid", "restart", DateTimeOffset.UnixEpoch);
        await using (var store = await SqliteStateStore.OpenAsync(dir.Path, readOnly: false, default))
        {
            await store.RecordAsync(Event("web", EventResult.Failed, "sha256:aa"), advance: null, default);
            await store.RecordAsync(Event("web", EventResult.Applied, "sha256:bb"), record, default);
            await store.RecordAsync(Event("api", EventResult.Noop, "sha256:cc"), advance: null, default);
        }

        await using var reopened = await SqliteStateStore.OpenAsync(dir.Path, readOnly: true, default);
        var applied = await reopened.LoadAppliedAsync(default);
        Assert.Equal(record, applied["web"] with { Files = record.Files });
        Assert.Equal(record.Files, applied["web"].Files);
        Assert.False(applied.ContainsKey("api"));
        var history = await reopened.HistoryAsync("web", 10, default);
        Assert.Equal([EventResult.Applied, EventResult.Failed], history.Select(h => h.Result).ToArray());
        Assert.Equal(["configs/a"], history[0].ChangedInputs);
        Assert.Single(await reopened.HistoryAsync(null, 1, default));
    }

    [Fact]
    public async Task FailedEvent_DoesNotAdvanceTheRecord()
    {
        using var dir = new TempDirectory();
        await using var store = await SqliteStateStore.OpenAsync(dir.Path, readOnly: false, default);
        var record = new AppliedRecord("web", "sha256:aa", [], null, "restart", DateTimeOffset.UnixEpoch);
        await store.RecordAsync(Event("web", EventResult.Applied, "sha256:aa"), record, default);

        await store.RecordAsync(Event("web", EventResult.Failed, "sha256:bb"), advance: null, default);

        Assert.Equal("sha256:aa", (await store.LoadAppliedAsync(default))["web"].Hash);
    }

    [Fact]
    public async Task Open_MigratesAVersion1Store_KeepingItsHistory()
    {
        using var dir = new TempDirectory();
        await using (var v1 = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.Path, SqliteStateStore.FileName)};Pooling=False"))
        {
            await v1.OpenAsync();
            await using var create = v1.CreateCommand();
            create.CommandText = """
                CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);
                CREATE TABLE applied (service TEXT PRIMARY KEY, hash TEXT NOT NULL, files TEXT NOT NULL, container_id TEXT, mode TEXT NOT NULL, applied_at TEXT NOT NULL);
                CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, service TEXT NOT NULL, old_hash TEXT, new_hash TEXT,
                    changed_inputs TEXT NOT NULL, mode TEXT NOT NULL, result TEXT NOT NULL, duration_ms INTEGER NOT NULL, container_id TEXT, new_container_id TEXT, error TEXT);
                INSERT INTO events (ts, service, changed_inputs, mode, result, duration_ms) VALUES ('1970-01-01T00:00:00+00:00', 'old', '[]', 'restart', 'applied', 1);
                """;
            await create.ExecuteNonQueryAsync();
        }

        await using var store = await SqliteStateStore.OpenAsync(dir.Path, readOnly: false, default);
        await store.RecordAsync(Event("web", EventResult.Escalated, "sha256:bb") with { Reason = "stale_mount", ModeUsed = "restart" }, advance: null, default);

        var history = await store.HistoryAsync(null, 10, default);
        Assert.Equal(["web", "old"], history.Select(e => e.Service).ToArray());
        Assert.Equal(("stale_mount", "restart"), (history[0].Reason, history[0].ModeUsed));
    }

    private static ApplyEvent Event(string service, EventResult result, string newHash) =>
        new(DateTimeOffset.UnixEpoch, service, null, newHash, ["configs/a"], "restart", result, 5, "cid", null, null);
}
