using System.Globalization;
using Driftless.Core.Events;
using Microsoft.Data.Sqlite;

namespace Driftless.Core.State;

/// <summary>Events as rows of the <c>events</c> table.</summary>
internal static class EventRows
{
    private const string Columns = "ts, service, old_hash, new_hash, changed_inputs, mode, result, duration_ms, container_id, new_container_id, error, reason, mode_used, output, check_result";

    public static async Task<long> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, ApplyEvent applyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applyEvent);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"""
            INSERT INTO events ({Columns})
            VALUES ($ts, $service, $old, $new, $changed, $mode, $result, $duration, $cid, $ncid, $error, $reason, $used, $output, $check);
            SELECT last_insert_rowid();
            """;
        insert.Parameters.AddWithValue("$ts", Timestamp(applyEvent.Ts));
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
        insert.Parameters.AddWithValue("$check", (object?)applyEvent.Check?.Name() ?? DBNull.Value);
        return Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public static async Task<List<ApplyEvent>> QueryAsync(
        SqliteConnection connection,
        string where,
        IReadOnlyList<(string Name, object Value)> parameters,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM events {where}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var events = new List<ApplyEvent>();
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
                NullableString(reader, 13),
                CheckOutcomes.Parse(NullableString(reader, 14))));
        }

        return events;
    }

    /// <summary>UTC, ISO 8601 with a fixed width: text order is time order, so age cut-offs compare as strings.</summary>
    public static string Timestamp(DateTimeOffset ts) => ts.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
