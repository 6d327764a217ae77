using System.Text;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Driftless.Configuration.Postgres;

/// <summary>
/// Versioned configuration documents in PostgreSQL: <c>driftless_config_documents</c> holds the current version,
/// <c>driftless_config_history</c> every version written, and a trigger calls <c>pg_notify('driftless_config', key)</c>
/// on every write. The schema is created and migrated by the store itself, on first use.
/// </summary>
public sealed class PostgresDocumentStore : IAsyncDisposable
{
    /// <summary>The NOTIFY channel the trigger signals; the payload is the document key.</summary>
    public const string NotifyChannel = "driftless_config";

    /// <summary>Keys travel as NOTIFY payloads (limited to 8000 bytes by PostgreSQL); this keeps them well inside.</summary>
    public const int MaxKeyBytes = 1024;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>A store over the database of <paramref name="connectionString"/>; no connection is opened until first use.</summary>
    /// <param name="connectionString">An Npgsql connection string; the store pools its connections.</param>
    /// <param name="logger">Where migrations and writes are logged (keys and versions only). Default: no logging.</param>
    public PostgresDocumentStore(string connectionString, ILogger<PostgresDocumentStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The schema version this library migrates to.</summary>
    public static int SchemaVersion => PostgresSchema.Migrations.Length;

    /// <summary>
    /// Brings the schema to <see cref="SchemaVersion"/>. Idempotent and safe when several processes start at once
    /// (serialised by a transaction-scoped advisory lock). Other methods call it on first use.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (_migrated)
        {
            return;
        }

        await _migrationGate.WaitAsync(cancellationToken);
        try
        {
            if (_migrated)
            {
                return;
            }

            // Safe to run again whole after a broken connection: it re-reads the version under the lock.
            await WithConnectionAsync(MigrateOnAsync, cancellationToken);
            _migrated = true;
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    /// <summary>The current version of a document, or <see langword="null"/> when there is none.</summary>
    public async Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await MigrateAsync(cancellationToken);
        return await WithConnectionAsync(
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    "SELECT content, hash, version, updated_at FROM driftless_config_documents WHERE key = $1", connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
                await using var reader = await command.ExecuteReaderAsync(token);
                if (!await reader.ReadAsync(token))
                {
                    return null;
                }

                return new StoredDocument(
                    key, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3));
            },
            cancellationToken);
    }

    /// <summary>
    /// The stored hash of a document, or <see langword="null"/> when there is none: the cheap change check.
    /// Always read from the database — there is no cache that could answer with a stale hash.
    /// </summary>
    public async Task<string?> GetHashAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await MigrateAsync(cancellationToken);
        return await WithConnectionAsync(
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand("SELECT hash FROM driftless_config_documents WHERE key = $1", connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
                return await command.ExecuteScalarAsync(token) as string;
            },
            cancellationToken);
    }

    /// <summary>
    /// Writes a new version of a document and appends it to the history, in one transaction.
    /// </summary>
    /// <param name="key">The document key.</param>
    /// <param name="content">The new content.</param>
    /// <param name="expectedVersion">
    /// <see langword="null"/> to write unconditionally; 0 to create only if the document does not exist; otherwise the
    /// version the caller last read — when another version is stored, nothing is written and
    /// <see cref="VersionConflictException"/> is thrown.
    /// </param>
    /// <param name="cancellationToken">Cancels the write (the transaction is rolled back).</param>
    public async Task<StoredDocument> PutAsync(string key, string content, long? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(content);
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw new ArgumentException($"a document key is at most {MaxKeyBytes} UTF-8 bytes", nameof(key));
        }

        if (expectedVersion is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedVersion), expectedVersion, "a version is never negative");
        }

        await MigrateAsync(cancellationToken);
        var hash = ConfigHash.Of(Encoding.UTF8.GetBytes(content));

        // Up to COMMIT nothing is written, so a dead pooled connection is retried; during COMMIT it is not: whether the
        // write happened is then unknown, and repeating an unconditional write would add a version.
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            var committing = false;
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var written = await PostgresDocumentWrite.WriteUncommittedAsync(
                    connection, transaction, key, content, hash, expectedVersion, cancellationToken);
                committing = true;
                await transaction.CommitAsync(cancellationToken);
                PostgresLog.DocumentWritten(_logger, key, written.Version);
                return written;
            }
            catch (Exception ex) when (attempt == 1 && !committing && ShouldRetryOnFreshConnection(ex, cancellationToken))
            {
            }
        }
    }

    /// <summary>Closes the store's pooled connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _migrationGate.Dispose();
    }

    private async Task<bool> MigrateOnAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresSchema.MigrationLockId})", cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            "CREATE TABLE IF NOT EXISTS driftless_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken);

        int current;
        await using (var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM driftless_schema", connection, transaction))
        {
            current = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        if (current > PostgresSchema.Migrations.Length)
        {
            throw new InvalidOperationException(
                $"the config schema is at version {current}, newer than this library's {PostgresSchema.Migrations.Length}");
        }

        for (var version = current + 1; version <= PostgresSchema.Migrations.Length; version++)
        {
            foreach (var statement in PostgresSchema.Migrations[version - 1])
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            }

            await using var record = new NpgsqlCommand("INSERT INTO driftless_schema (version) VALUES ($1)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (current < PostgresSchema.Migrations.Length)
        {
            PostgresLog.Migrated(_logger, current, PostgresSchema.Migrations.Length);
        }

        return true;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection; when that connection turns out dead (the server restarted
    /// since it was pooled), clears the pool and runs it once more on a fresh one. Only for work that is safe to repeat.
    /// A failure to open a connection is not retried: the server is unreachable, not the pool stale.
    /// </summary>
    private async Task<T> WithConnectionAsync<T>(
        Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                return await work(connection, cancellationToken);
            }
            catch (Exception ex) when (attempt == 1 && ShouldRetryOnFreshConnection(ex, cancellationToken))
            {
            }
        }
    }

    private bool ShouldRetryOnFreshConnection(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || !PostgresBrokenConnection.Is(exception))
        {
            return false;
        }

        // Every idle connection opened before the break is as dead as this one.
        _dataSource.Clear();
        PostgresLog.RetryingOnFreshConnection(_logger, exception);
        return true;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
