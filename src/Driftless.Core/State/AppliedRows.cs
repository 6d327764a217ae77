using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Driftless.Core.State;

/// <summary>Applied records as rows of the <c>applied</c> table, one per service.</summary>
internal static class AppliedRows
{
    public static async Task<Dictionary<string, AppliedRecord>> LoadAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, AppliedRecord>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT service, hash, files, container_id, mode, applied_at, spec_hash FROM applied";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var files = JsonSerializer.Deserialize(reader.GetString(2), StateJson.Default.ListRecordedDigest) ?? [];
            result[reader.GetString(0)] = new AppliedRecord(
                reader.GetString(0),
                reader.GetString(1),
                files,
                EventRows.NullableString(reader, 3),
                reader.GetString(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture))
            {
                SpecHash = EventRows.NullableString(reader, 6),
            };
        }

        return result;
    }

    public static async Task UpsertAsync(SqliteConnection connection, SqliteTransaction transaction, AppliedRecord advance, CancellationToken cancellationToken)
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

    public static async Task DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, string service, CancellationToken cancellationToken)
    {
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM applied WHERE service = $service";
        delete.Parameters.AddWithValue("$service", service);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
