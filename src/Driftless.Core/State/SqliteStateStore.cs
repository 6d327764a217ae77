using System.Globalization;
using System.Text.Json;
using Driftless.Core.Events;
using Microsoft.Data.Sqlite;

namespace Driftless.Core.State;

/// <summary>
/// <c>state.db</c> in the state directory: one row per service with its last verified hash, and an
/// append-only event history. WAL mode; a single writer process is guaranteed by <see cref="ApplyLock"/>.
/// Within the process, calls may come from several threads (the executor's parallel services, the agent's
/// HTTP API while a pass records): they take turns on the one connection.
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    public const string FileName = "state.db";

    private const int SchemaVersion = 3;

    private readonly SqliteConnection? _connection;
    private readonly SemaphoreSlim _turn = new(1, 1);

    private SqliteStateStore(SqliteConnection? connection) => _connection = connection;

    /// <summary>
    /// Opens the store. Read-only opens never create anything: with no database yet, the store is empty
    /// (plan and status change nothing on disk).
    /// </summary>
    public static async Task<SqliteStateStore> OpenAsync(string stateDirectory, bool readOnly, CancellationToken cancellationToken)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (readOnly && !File.Exists(path))
        {
            return new SqliteStateStore(null);
        }

        if (!readOnly)
        {
            Directory.CreateDirectory(stateDirectory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 5000;", cancellationToken);
        if (!readOnly)
        {
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", cancellationToken);
            await MigrateAsync(connection, cancellationToken);
        }

        return new SqliteStateStore(connection);
    }

    public Task<IReadOnlyDictionary<string, AppliedRecord>> LoadAppliedAsync(CancellationToken cancellationToken) =>
        InTurnAsync(LoadAppliedCoreAsync, cancellationToken);

    public Task ForgetAsync(ApplyEvent applyEvent, CancellationToken cancellationToken) =>
        InTurnAsync(ct => ForgetCoreAsync(applyEvent, ct), cancellationToken);

    public Task<long> RecordStartedAsync(ApplyEvent started, CancellationToken cancellationToken) =>
        InTurnAsync(ct => RecordStartedCoreAsync(started, ct), cancellationToken);

    public Task RecordAsync(ApplyEvent applyEvent, AppliedRecord? advance, CancellationToken cancellationToken) =>
        InTurnAsync(ct => RecordCoreAsync(null, applyEvent, advance, ct), cancellationToken);

    public Task CompleteAsync(long startedId, ApplyEvent outcome, AppliedRecord? advance, CancellationToken cancellationToken) =>
        InTurnAsync(ct => RecordCoreAsync(startedId, outcome, advance, ct), cancellationToken);

    private async Task<IReadOnlyDictionary<string, AppliedRecord>> LoadAppliedCoreAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, AppliedRecord>(StringComparer.Ordinal);
        if (_connection is null)
        {
            return result;
        }

        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT service, hash, files, container_id, mode, applied_at, spec_hash FROM applied";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var files = JsonSerializer.Deserialize(reader.GetString(2), StateJson.Default.ListRecordedDigest) ?? [];
            result[reader.GetString(0)] = new AppliedRecord(
                reader.GetString(0),
                reader.GetString(1),
                files,
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture))
            {
                SpecHash = NullableString(reader, 6),
            };
        }

        return result;
    }

    private async Task ForgetCoreAsync(ApplyEvent applyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applyEvent);
        var connection = _connection ?? throw new InvalidOperationException("state store opened read-only");
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await InsertEventAsync(connection, transaction, applyEvent, cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM applied WHERE service = $service";
            delete.Parameters.AddWithValue("$service", applyEvent.Service);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<long> RecordStartedCoreAsync(ApplyEvent started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var connection = _connection ?? throw new InvalidOperationException("state store opened read-only");
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var id = await InsertEventAsync(connection, transaction, started, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    private async Task RecordCoreAsync(long? supersedes, ApplyEvent applyEvent, AppliedRecord? advance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applyEvent);
        var connection = _connection ?? throw new InvalidOperationException("state store opened read-only");
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (supersedes is { } startedId)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM events WHERE id = $id AND result = 'started'";
            delete.Parameters.AddWithValue("$id", startedId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertEventAsync(connection, transaction, applyEvent, cancellationToken);
        if (advance is not null)
        {
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO applied (service, hash, files, container_id, mode, applied_at, spec_hash)
                VALUES ($service, $hash, $files, $cid, $mode, $at, $spec)
                ON CONFLICT(service) DO UPDATE SET hash = excluded.hash, files = excluded.files,
                    container_id = excluded.container_id, mode = excluded.mode, applied_at = excluded.applied_at,
                    spec_hash = excluded.spec_hash
                """;
            upsert.Parameters.AddWithValue("$service", advance.Service);
            upsert.Parameters.AddWithValue("$hash", advance.Hash);
            upsert.Parameters.AddWithValue("$files", JsonSerializer.Serialize(advance.Files.ToList(), StateJson.Default.ListRecordedDigest));
            upsert.Parameters.AddWithValue("$cid", (object?)advance.ContainerId ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$mode", advance.Mode);
            upsert.Parameters.AddWithValue("$at", advance.AppliedAt.ToString("O", CultureInfo.InvariantCulture));
            upsert.Parameters.AddWithValue("$spec", (object?)advance.SpecHash ?? DBNull.Value);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<long> InsertEventAsync(SqliteConnection connection, SqliteTransaction transaction, ApplyEvent applyEvent, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO events (ts, service, old_hash, new_hash, changed_inputs, mode, result, duration_ms, container_id, new_container_id, error, reason, mode_used, output)
            VALUES ($ts, $service, $old, $new, $changed, $mode, $result, $duration, $cid, $ncid, $error, $reason, $used, $output)
            """;
        insert.Parameters.AddWithValue("$ts", applyEvent.Ts.ToString("O", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$service", applyEvent.Service);
        insert.Parameters.AddWithValue("$old", (object?)applyEvent.OldHash ?? DBNull.Value);
        insert.Parameters.AddWithValue("$new", (object?)applyEvent.NewHash ?? DBNull.Value);
        insert.Parameters.AddWithValue("$changed", EventJson.SerializeList(applyEvent.ChangedInputs));
        insert.Parameters.AddWithValue("$mode", applyEvent.Mode);
        insert.Parameters.AddWithValue("$result", applyEvent.Result.ToString().ToLowerInvariant());
        insert.Parameters.AddWithValue("$duration", applyEvent.DurationMs);
        insert.Parameters.AddWithValue("$cid", (object?)applyEvent.ContainerId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$ncid", (object?)applyEvent.NewContainerId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$error", (object?)applyEvent.Error ?? DBNull.Value);
        insert.Parameters.AddWithValue("$reason", (object?)applyEvent.Reason ?? DBNull.Value);
        insert.Parameters.AddWithValue("$used", (object?)applyEvent.ModeUsed ?? DBNull.Value);
        insert.Parameters.AddWithValue("$output", (object?)applyEvent.Output ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await using var id = connection.CreateCommand();
        id.Transaction = transaction;
        id.CommandText = "SELECT last_insert_rowid()";
        return Convert.ToInt64(await id.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string? service, int limit, CancellationToken cancellationToken) =>
        await QueryEventsAsync(
            "WHERE ($service IS NULL OR service = $service) ORDER BY id DESC LIMIT $limit",
            [("$service", (object?)service ?? DBNull.Value), ("$limit", limit)],
            cancellationToken);

    public async Task<IReadOnlyDictionary<string, ApplyEvent>> LatestEventsAsync(CancellationToken cancellationToken) =>
        (await QueryEventsAsync("WHERE id IN (SELECT MAX(id) FROM events GROUP BY service)", [], cancellationToken))
            .ToDictionary(e => e.Service, StringComparer.Ordinal);

    private Task<List<ApplyEvent>> QueryEventsAsync(string where, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken cancellationToken) =>
        InTurnAsync(ct => QueryEventsCoreAsync(where, parameters, ct), cancellationToken);

    private async Task<List<ApplyEvent>> QueryEventsCoreAsync(string where, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken cancellationToken)
    {
        var events = new List<ApplyEvent>();
        if (_connection is null)
        {
            return events;
        }

        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT ts, service, old_hash, new_hash, changed_inputs, mode, result, duration_ms, container_id, new_container_id, error, reason, mode_used, output FROM events " + where;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new ApplyEvent(
                DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                reader.GetString(1),
                NullableString(reader, 2),
                NullableString(reader, 3),
                EventJson.DeserializeList(reader.GetString(4)),
                reader.GetString(5),
                Enum.Parse<EventResult>(reader.GetString(6), ignoreCase: true),
                reader.GetInt64(7),
                NullableString(reader, 8),
                NullableString(reader, 9),
                NullableString(reader, 10),
                NullableString(reader, 11),
                NullableString(reader, 12),
                NullableString(reader, 13)));
        }

        return events;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

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

    private async Task<T> InTurnAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            return await call(cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task InTurnAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await call(cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS applied (
                service TEXT PRIMARY KEY,
                hash TEXT NOT NULL,
                files TEXT NOT NULL,
                container_id TEXT,
                mode TEXT NOT NULL,
                applied_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                ts TEXT NOT NULL,
                service TEXT NOT NULL,
                old_hash TEXT,
                new_hash TEXT,
                changed_inputs TEXT NOT NULL,
                mode TEXT NOT NULL,
                result TEXT NOT NULL,
                duration_ms INTEGER NOT NULL,
                container_id TEXT,
                new_container_id TEXT,
                error TEXT);
            CREATE INDEX IF NOT EXISTS events_by_service ON events (service, id);
            """, cancellationToken);
        await using var version = connection.CreateCommand();
        version.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var current = Convert.ToInt64(await version.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (current < 2)
        {
            // v2: why another mode ran (escalation, fallback) and exec output, per event.
            await ExecuteAsync(
                connection,
                "ALTER TABLE events ADD COLUMN reason TEXT; ALTER TABLE events ADD COLUMN mode_used TEXT; ALTER TABLE events ADD COLUMN output TEXT;",
                cancellationToken);
        }

        if (current < 3)
        {
            // v3: the spec hash a managed container was created from.
            await ExecuteAsync(connection, "ALTER TABLE applied ADD COLUMN spec_hash TEXT;", cancellationToken);
        }

        if (current < SchemaVersion)
        {
            await ExecuteAsync(connection, $"DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({SchemaVersion});", cancellationToken);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
