using Driftless.Core.Errors;
using Driftless.Core.Events;
using Microsoft.Data.Sqlite;

namespace Driftless.Core.State;

/// <summary>
/// <c>state.db</c> in the state directory: one row per service with its last verified hash, and the event
/// history. WAL mode; a single writer process is guaranteed by <see cref="ApplyLock"/>. Within the process,
/// calls may come from several threads (the executor's parallel services, the agent's HTTP API while a pass
/// records): they take turns on the one connection.
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    public const string FileName = "state.db";

    private readonly SqliteConnection? _connection;
    private readonly string _path;
    private readonly SemaphoreSlim _turn = new(1, 1);

    private SqliteStateStore(SqliteConnection? connection, string path)
    {
        _connection = connection;
        _path = path;
    }

    /// <summary>
    /// Opens the store. Read-only opens never create anything: with no database yet, the store is empty
    /// (plan and status change nothing on disk); in a directory this process cannot write (a read-only mount),
    /// a database without a pending write-ahead log is read as it is on disk.
    /// </summary>
    /// <exception cref="DriftlessException">
    /// Kind StateNotWritable: opening to write in a directory that cannot be written. Kind StateUnusable: the database
    /// is not a regular file, is damaged, was written by a newer driftless, or cannot be opened.
    /// </exception>
    public static async Task<SqliteStateStore> OpenAsync(string stateDirectory, bool readOnly, CancellationToken cancellationToken)
    {
        var path = Path.Combine(stateDirectory, FileName);
        return new SqliteStateStore(await StateDatabaseOpener.OpenAsync(stateDirectory, path, readOnly, cancellationToken), path);
    }

    /// <summary>A store that opens nothing and holds nothing, as before the first apply, for a command that reads no state (<c>check</c>).</summary>
    public static SqliteStateStore Unopened(string stateDirectory) => new(null, Path.Combine(stateDirectory, FileName));

    public Task<IReadOnlyDictionary<string, AppliedRecord>> LoadAppliedAsync(CancellationToken cancellationToken) =>
        InTurnAsync<IReadOnlyDictionary<string, AppliedRecord>>(
            async ct => _connection is null ? new Dictionary<string, AppliedRecord>() : await AppliedRows.LoadAsync(_connection, ct),
            cancellationToken);

    public Task ForgetAsync(ApplyEvent applyEvent, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction, ct) =>
        {
            await EventRows.InsertAsync(connection, transaction, applyEvent, ct);
            await AppliedRows.DeleteAsync(connection, transaction, applyEvent.Service, ct);
            return 0L;
        }, cancellationToken);

    public Task<long> RecordStartedAsync(ApplyEvent started, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction, ct) => EventRows.InsertAsync(connection, transaction, started, ct), cancellationToken);

    public Task RecordAsync(ApplyEvent applyEvent, AppliedRecord? advance, CancellationToken cancellationToken) =>
        RecordCoreAsync(null, applyEvent, advance, cancellationToken);

    public Task CompleteAsync(long startedId, ApplyEvent outcome, AppliedRecord? advance, CancellationToken cancellationToken) =>
        RecordCoreAsync(startedId, outcome, advance, cancellationToken);

    public async Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string? service, int limit, CancellationToken cancellationToken) =>
        await QueryEventsAsync(
            "WHERE ($service IS NULL OR service = $service) ORDER BY id DESC LIMIT $limit",
            [("$service", (object?)service ?? DBNull.Value), ("$limit", limit)],
            cancellationToken);

    public async Task<IReadOnlyDictionary<string, ApplyEvent>> LatestEventsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var latest = new Dictionary<string, ApplyEvent>(StringComparer.Ordinal);
        foreach (var service in services.Distinct(StringComparer.Ordinal))
        {
            // MAX(id) for one service is an index seek; grouping all services would scan the whole history.
            var newest = await QueryEventsAsync("WHERE id = (SELECT MAX(id) FROM events WHERE service = $service)", [("$service", service)], cancellationToken);
            if (newest.Count > 0)
            {
                latest[service] = newest[0];
            }
        }

        return latest;
    }

    public Task<long> PruneAsync(IReadOnlyCollection<string> services, int keep, DateTimeOffset? olderThan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        return InTransactionAsync(async (connection, transaction, ct) =>
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            // Both walk the (service, id) index from the newest event down. A service's newest event is never
            // pruned: its phase and last error are read from it.
            delete.CommandText = """
                DELETE FROM events WHERE service = $service AND id < (
                    SELECT id FROM events WHERE service = $service ORDER BY id DESC LIMIT 1 OFFSET $skip);
                DELETE FROM events WHERE $cutoff IS NOT NULL AND service = $service AND ts < $cutoff
                    AND id < (SELECT MAX(id) FROM events WHERE service = $service);
                """;
            var service = delete.Parameters.Add("$service", SqliteType.Text);
            delete.Parameters.AddWithValue("$skip", keep - 1);
            delete.Parameters.AddWithValue("$cutoff", olderThan is { } cutoff ? EventRows.Timestamp(cutoff) : DBNull.Value);
            long deleted = 0;
            foreach (var name in services.Distinct(StringComparer.Ordinal))
            {
                service.Value = name;
                deleted += await delete.ExecuteNonQueryAsync(ct);
            }

            return deleted;
        }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _turn.WaitAsync(CancellationToken.None);
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
        finally
        {
            _turn.Release();
            _turn.Dispose();
        }
    }

    private Task RecordCoreAsync(long? supersedes, ApplyEvent applyEvent, AppliedRecord? advance, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction, ct) =>
        {
            if (supersedes is { } startedId)
            {
                await using var delete = connection.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM events WHERE id = $id AND result = 'started'";
                delete.Parameters.AddWithValue("$id", startedId);
                await delete.ExecuteNonQueryAsync(ct);
            }

            var id = await EventRows.InsertAsync(connection, transaction, applyEvent, ct);
            if (advance is not null)
            {
                await AppliedRows.UpsertAsync(connection, transaction, advance, ct);
            }

            return id;
        }, cancellationToken);

    private Task<List<ApplyEvent>> QueryEventsAsync(string where, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken cancellationToken) =>
        InTurnAsync(async ct => _connection is null ? [] : await EventRows.QueryAsync(_connection, where, parameters, ct), cancellationToken);

    /// <summary>One transaction, in turn: history and applied records never disagree after a crash.</summary>
    private Task<T> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        InTurnAsync(async ct =>
        {
            var connection = _connection ?? throw new InvalidOperationException("state store opened read-only");
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            var result = await work(connection, transaction, ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);

    private async Task<T> InTurnAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            return await call(cancellationToken);
        }
        catch (SqliteException e)
        {
            // A damaged page, a full disk: the caller learns what is wrong with the state, not SQLite's exception.
            throw StateFailures.FromSqlite(_path, e);
        }
        finally
        {
            _turn.Release();
        }
    }

}
