namespace Driftless.Configuration.Postgres;

/// <summary>The schema of <see cref="PostgresDocumentStore"/>: one list of statements per version, applied in order.</summary>
internal static class PostgresSchema
{
    // Arbitrary but fixed: every process migrating the same database serialises on this advisory lock.
    public const long MigrationLockId = 0x64726966746c6573; // "driftles"

    public static readonly string[][] Migrations =
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
}
