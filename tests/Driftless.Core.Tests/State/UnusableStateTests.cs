using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;
using Microsoft.Data.Sqlite;

namespace Driftless.Core.Tests.State;

/// <summary>
/// A state.db that is damaged or not a file SQLite may open: StateUnusable at once, naming it, with the recovery —
/// for the read-only opens of plan/status/history and the writing open of apply and the agent alike.
/// </summary>
public sealed class UnusableStateTests : IDisposable
{
    // Generous: the failure this guards against was a 30 s wait (/dev/null) or a hang for good (a FIFO).
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _dir = new();

    private string DatabasePath => Path.Combine(_dir.Path, SqliteStateStore.FileName);

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Open_OfStateDbLinkedToDevNull_IsUnusable_AtOnce(bool readOnly)
    {
        File.CreateSymbolicLink(DatabasePath, "/dev/null");

        var e = await OpenFailsAsync(readOnly);

        Assert.Contains("it is a symbolic link to /dev/null, a character device, not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Open_OfAFifoAsStateDb_IsUnusable_WithoutHanging(bool readOnly)
    {
        SpecialFiles.Fifo(DatabasePath);

        var e = await OpenFailsAsync(readOnly);

        Assert.Contains("it is a FIFO, not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Open_OfASocketAsStateDb_IsUnusable(bool readOnly)
    {
        using var socket = SpecialFiles.Socket(DatabasePath);

        var e = await OpenFailsAsync(readOnly);

        Assert.Contains("it is a socket, not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Open_OfADirectoryAsStateDb_IsUnusable(bool readOnly)
    {
        Directory.CreateDirectory(DatabasePath);

        var e = await OpenFailsAsync(readOnly);

        Assert.Contains("it is a directory, not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Open_OfADanglingLinkAsStateDb_IsUnusable_NotAnEmptyState(bool readOnly)
    {
        // A state kept on a volume that is not mounted: starting afresh there would adopt whatever runs.
        File.CreateSymbolicLink(DatabasePath, Path.Combine(_dir.Path, "elsewhere", "state.db"));

        var e = await OpenFailsAsync(readOnly);

        Assert.Contains("which does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_OfAWalLinkedToDevNull_IsUnusable()
    {
        await RecordOneAsync(_dir.Path);
        File.CreateSymbolicLink(DatabasePath + "-wal", "/dev/null");

        var e = await OpenFailsAsync(readOnly: false);

        Assert.Contains("state.db-wal is a symbolic link to /dev/null", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ThroughALinkToARegularDatabase_Works()
    {
        using var elsewhere = new TempDirectory();
        await RecordOneAsync(elsewhere.Path);
        File.CreateSymbolicLink(DatabasePath, Path.Combine(elsewhere.Path, SqliteStateStore.FileName));

        await using var store = await SqliteStateStore.OpenAsync(_dir.Path, readOnly: true, default);

        Assert.Single(await store.HistoryAsync(null, 10, default));
    }

    [Theory]
    [InlineData(true, 100)]
    [InlineData(true, 4096)]
    [InlineData(true, 8192)]
    [InlineData(false, 100)]
    [InlineData(false, 4096)]
    [InlineData(false, 8192)]
    public async Task ATruncatedStateDb_IsUnusable_AtOpenOrFirstRead_NeverASqliteCrash(bool readOnly, int length)
    {
        await RecordOneAsync(_dir.Path);
        Assert.True(new FileInfo(DatabasePath).Length > length);
        await using (var file = new FileStream(DatabasePath, FileMode.Open))
        {
            file.SetLength(length);
        }

        var e = await Assert.ThrowsAsync<DriftlessException>(async () =>
        {
            await using var store = await SqliteStateStore.OpenAsync(_dir.Path, readOnly, default);
            await store.LoadAppliedAsync(default);
            await store.LatestEventsAsync(["web"], default);
            await store.HistoryAsync(null, 10, default);
        });

        AssertUnusableWithRecovery(e);
    }

    [Fact]
    public async Task AFullDatabase_IsStateNotWritable_AndAReadOnlyOne_Too()
    {
        await RecordOneAsync(_dir.Path);
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA max_page_count = 1";
        await command.ExecuteScalarAsync();
        command.CommandText = "INSERT INTO events (ts, service, changed_inputs, mode, result, duration_ms) VALUES ('t', 's', zeroblob(100000), 'm', 'r', 0)";
        var full = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
        await using var reader = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await reader.OpenAsync();
        await using var write = reader.CreateCommand();
        write.CommandText = "DELETE FROM events";
        var readOnly = await Assert.ThrowsAsync<SqliteException>(() => write.ExecuteNonQueryAsync());

        foreach (var cause in new[] { full, readOnly })
        {
            var e = StateFailures.FromSqlite(DatabasePath, cause);
            Assert.Equal(ErrorKind.StateNotWritable, e.Kind);
            Assert.StartsWith($"the state directory {_dir.Path} cannot be written ({DatabasePath}: ", e.Message, StringComparison.Ordinal);
        }
    }

    private static void AssertUnusableWithRecovery(DriftlessException e)
    {
        Assert.Equal(ErrorKind.StateUnusable, e.Kind);
        Assert.Contains(SqliteStateStore.FileName, e.Message, StringComparison.Ordinal);
        Assert.EndsWith(StateFailures.Recovery, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    private async Task<DriftlessException> OpenFailsAsync(bool readOnly)
    {
        var e = await Assert.ThrowsAsync<DriftlessException>(() => SqliteStateStore.OpenAsync(_dir.Path, readOnly, default).WaitAsync(HangBound));
        AssertUnusableWithRecovery(e);
        Assert.Contains(DatabasePath, e.Message, StringComparison.Ordinal);
        return e;
    }

    private static async Task RecordOneAsync(string directory)
    {
        await using var store = await SqliteStateStore.OpenAsync(directory, readOnly: false, default);
        var at = DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await store.RecordAsync(
            new ApplyEvent(at, "web", null, "sha256:aa", ["a.conf"], "restart", EventResult.Adopted, 0, "c1", "c1", null),
            new AppliedRecord("web", "sha256:aa", [new RecordedDigest("a.conf", "sha256:bb")], "c1", "adopted", at),
            default);
    }
}
