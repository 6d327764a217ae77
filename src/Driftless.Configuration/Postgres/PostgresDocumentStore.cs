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

    // Arbitrary but fixed: every process migrating the same database serialises on this advisory lock.
    private const long MigrationLockId = 0x64726966746c6573; // "driftles"

    private static readonly string[][] Migrations =
    [
        // v1
        [
            """
            CREATE TABLE driftless_config_documents (
                key text PRIMARY KEY,
                content text NOT NULL,
                hash text NOT NULL,
                version bigint NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now())
            """,
            """
            CREATE TABLE driftless_config_history (
                id bigserial PRIMARY KEY,
                key text NOT NULL,
                content text NOT NULL,
                hash text NOT NULL,
                version bigint NOT NULL,
                changed_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (key, version))
            """,
            """
            CREATE FUNCTION driftless_config_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('driftless_config', NEW.key);
                RETURN NEW;
            END
            $$
            """,
            """
            CREATE TRIGGER driftless_config_notify AFTER INSERT OR UPDATE ON driftless_config_documents
                FOR EACH ROW EXECUTE FUNCTION driftless_config_notify()
            """,
        ],
    ];

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private volatile bool _migrated;

    public PostgresDocumentStore(string connectionString, ILogger<PostgresDocumentStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The schema version this library migrates to.</summary>
    public static int SchemaVersion => Migrations.Length;

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

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockId})", cancellationToken);
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

            if (current > Migrations.Length)
            {
                throw new InvalidOperationException(
                    $"the config schema is at version {current}, newer than this library's {Migrations.Length}");
            }

            for (var version = current + 1; version <= Migrations.Length; version++)
            {
                foreach (var statement in Migrations[version - 1])
                {
                    await ExecuteAsync(connection, transaction, statement, cancellationToken);
                }

                await using var record = new NpgsqlCommand("INSERT INTO driftless_schema (version) VALUES ($1)", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            if (current < Migrations.Length)
            {
                PostgresLog.Migrated(_logger, current, Migrations.Length);
            }

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
        await using var command = _dataSource.CreateCommand(
            "SELECT content, hash, version, updated_at FROM driftless_config_documents WHERE key = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredDocument(
            key,
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt64(2),
            reader.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>
    /// The stored hash of a document, or <see langword="null"/> when there is none: the cheap change check.
    /// Always read from the database — there is no cache that could answer with a stale hash.
    /// </summary>
    public async Task<string?> GetHashAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await MigrateAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT hash FROM driftless_config_documents WHERE key = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
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

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // READ COMMITTED is enough: a concurrent writer's UPDATE waits for our row lock and then re-checks
        // "version = expected" against the committed row, so exactly one of two writers expecting the same version wins.
        var sql = expectedVersion switch
        {
            null => """
                INSERT INTO driftless_config_documents AS d (key, content, hash, version) VALUES ($1, $2, $3, 1)
                ON CONFLICT (key) DO UPDATE SET content = excluded.content, hash = excluded.hash,
                    version = d.version + 1, updated_at = now()
                RETURNING version, updated_at
                """,
            0 => """
                INSERT INTO driftless_config_documents (key, content, hash, version) VALUES ($1, $2, $3, 1)
                ON CONFLICT (key) DO NOTHING
                RETURNING version, updated_at
                """,
            _ => """
                UPDATE driftless_config_documents SET content = $2, hash = $3, version = version + 1, updated_at = now()
                WHERE key = $1 AND version = $4
                RETURNING version, updated_at
                """,
        };

        long version;
        DateTimeOffset updatedAt;
        await using (var write = new NpgsqlCommand(sql, connection, transaction))
        {
            write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = content });
            write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hash });
            if (expectedVersion is > 0)
            {
                write.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion.Value });
            }

            await using var reader = await write.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                await reader.DisposeAsync();
                var current = await CurrentVersionAsync(connection, transaction, key, cancellationToken);
                throw new VersionConflictException(key, expectedVersion!.Value, current);
            }

            version = reader.GetInt64(0);
            updatedAt = reader.GetFieldValue<DateTimeOffset>(1);
        }

        await using (var history = new NpgsqlCommand(
            "INSERT INTO driftless_config_history (key, content, hash, version, changed_at) VALUES ($1, $2, $3, $4, $5)",
            connection,
            transaction))
        {
            history.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            history.Parameters.Add(new NpgsqlParameter<string> { TypedValue = content });
            history.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hash });
            history.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
            history.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = updatedAt });
            await history.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        PostgresLog.DocumentWritten(_logger, key, version);
        return new StoredDocument(key, content, hash, version, updatedAt);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _migrationGate.Dispose();
    }

    private static async Task<long> CurrentVersionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM driftless_config_documents WHERE key = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
