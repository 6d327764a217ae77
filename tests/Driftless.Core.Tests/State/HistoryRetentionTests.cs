using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.State;

public sealed class HistoryRetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly TempDirectory _dir = new();
    private SqliteStateStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_dir.Path, readOnly: false, default);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Prune_KeepsTheNewestEventsPerService()
    {
        await RecordAsync("web", 10);
        await RecordAsync("api", 3);

        var deleted = await _store.PruneAsync(["web", "api"], keep: 4, olderThan: null, default);

        Assert.Equal(6, deleted);
        Assert.Equal([9, 8, 7, 6], (await _store.HistoryAsync("web", 100, default)).Select(e => e.DurationMs));
        Assert.Equal(3, (await _store.HistoryAsync("api", 100, default)).Count);
    }

    [Fact]
    public async Task Prune_DropsEventsOlderThanTheCutoff_ButNeverAServicesNewest()
    {
        await RecordAsync("web", 5);
        await RecordAsync("old", 2);

        await _store.PruneAsync(["web", "old"], keep: 1000, olderThan: Start.AddHours(3), default);

        Assert.Equal([4, 3], (await _store.HistoryAsync("web", 100, default)).Select(e => e.DurationMs));
        // Both of "old"'s events are older than the cut-off; the newest stays: its phase and last error live there.
        Assert.Equal([1], (await _store.HistoryAsync("old", 100, default)).Select(e => e.DurationMs));
        Assert.Equal(["old", "web"], (await _store.LatestEventsAsync(["web", "old", "none"], default)).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Prune_LeavesServicesItWasNotAskedAbout()
    {
        await RecordAsync("web", 5);
        await RecordAsync("api", 5);

        await _store.PruneAsync(["web"], keep: 2, olderThan: null, default);

        Assert.Equal(2, (await _store.HistoryAsync("web", 100, default)).Count);
        Assert.Equal(5, (await _store.HistoryAsync("api", 100, default)).Count);
    }

    [Fact]
    public async Task Prune_KeepingOne_LeavesOnlyTheNewest()
    {
        await RecordAsync("web", 3);

        Assert.Equal(2, await _store.PruneAsync(["web"], keep: 1, olderThan: null, default));
        Assert.Equal([2], (await _store.HistoryAsync("web", 100, default)).Select(e => e.DurationMs));
    }

    [Fact]
    public async Task Prune_RejectsKeepBelowOne()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.PruneAsync(["web"], 0, null, default));
    }

    [Fact]
    public async Task Open_RefusesAStateWrittenByANewerDriftless_AsStateUnusable()
    {
        using var dir = new TempDirectory();
        await using (var store = await SqliteStateStore.OpenAsync(dir.Path, readOnly: false, default))
        {
            await store.RecordAsync(Event("web", 0, Start), null, default);
        }

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.Path, SqliteStateStore.FileName)};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var bump = connection.CreateCommand();
            bump.CommandText = "UPDATE schema_version SET version = 99";
            await bump.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<DriftlessException>(() => SqliteStateStore.OpenAsync(dir.Path, readOnly: false, default));

        Assert.Equal(ErrorKind.StateUnusable, e.Kind);
        Assert.Contains("newer driftless (schema 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_OfAFileThatIsNotADatabase_IsStateUnusableNamingThePath()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, SqliteStateStore.FileName);
        await File.WriteAllTextAsync(path, new string('x', 4096));

        var e = await Assert.ThrowsAsync<DriftlessException>(() => SqliteStateStore.OpenAsync(dir.Path, readOnly: false, default));

        Assert.Equal(ErrorKind.StateUnusable, e.Kind);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Open_OfAFileThatIsNotADatabase_IsStateUnusable_ReadOnlyToo(bool readOnly)
    {
        // plan, status and history open read-only: the error must come at open, not as a crash at the first query.
        using var dir = new TempDirectory();
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, SqliteStateStore.FileName), Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());

        var e = await Assert.ThrowsAsync<DriftlessException>(() => SqliteStateStore.OpenAsync(dir.Path, readOnly, default));

        Assert.Equal(ErrorKind.StateUnusable, e.Kind);
    }

    [Fact]
    public async Task ReadOnlyOpen_OfAnEmptyFile_IsAnEmptyStore()
    {
        using var dir = new TempDirectory();
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, SqliteStateStore.FileName), []);

        await using var store = await SqliteStateStore.OpenAsync(dir.Path, readOnly: true, default);

        Assert.Empty(await store.LoadAppliedAsync(default));
        Assert.Empty(await store.HistoryAsync(null, 10, default));
        Assert.Empty(await store.LatestEventsAsync(["web"], default));
    }

    private async Task RecordAsync(string service, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _store.RecordAsync(Event(service, i, Start.AddHours(i)), null, default);
        }
    }

    private static ApplyEvent Event(string service, int sequence, DateTimeOffset at) =>
        new(at, service, null, "sha256:aa", [], "restart", EventResult.Applied, sequence, "cid", null, null);
}
