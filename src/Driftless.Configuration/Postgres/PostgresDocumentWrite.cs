using Npgsql;

namespace Driftless.Configuration.Postgres;

/// <summary>The statements of one <see cref="PostgresDocumentStore.PutAsync"/>, run inside the caller's transaction.</summary>
internal static class PostgresDocumentWrite
{
    /// <summary>Writes the new version and its history row inside <paramref name="transaction"/>; the caller commits.</summary>
    public static async Task<StoredDocument> WriteUncommittedAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string key,
        string content,
        string hash,
        long? expectedVersion,
        CancellationToken cancellationToken)
    {
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

        return new StoredDocument(key, content, hash, version, updatedAt);
    }

    private static async Task<long> CurrentVersionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM driftless_config_documents WHERE key = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }
}
