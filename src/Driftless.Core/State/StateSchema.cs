using System.Globalization;
using Driftless.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Driftless.Core.State;

/// <summary>The tables of <c>state.db</c> and their migrations; a database from a newer driftless is refused, not guessed at.</summary>
internal static class StateSchema
{
    public const int Version = 4;

    public static async Task MigrateAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
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
        var current = await EnsureReadableAsync(connection, path, cancellationToken);
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

        if (current < 4)
        {
            // v4: how a service's check: ended (passed, failed, timed_out, error), per event.
            await ExecuteAsync(connection, "ALTER TABLE events ADD COLUMN check_result TEXT;", cancellationToken);
        }

        if (current < Version)
        {
            await ExecuteAsync(connection, $"DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({Version});", cancellationToken);
        }
    }

    /// <summary>
    /// Reads the schema version, so a file that is not a database, or one from a newer driftless, fails here
    /// with a message — not at the first query of a read-only <c>plan</c> or <c>history</c>.
    /// </summary>
    public static async Task<long> EnsureReadableAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        await using var version = connection.CreateCommand();
        // Two statements: a statement naming a table that does not exist (a brand-new, empty file) fails to prepare.
        version.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
        var current = 0L;
        if (Convert.ToInt64(await version.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
        {
            version.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            current = Convert.ToInt64(await version.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        return current <= Version
            ? current
            : throw new DriftlessException(
                ErrorKind.StateUnusable,
                $"{path} was written by a newer driftless (schema {current}; this one reads up to {Version}): upgrade driftless, or move the state directory aside to start afresh");
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
