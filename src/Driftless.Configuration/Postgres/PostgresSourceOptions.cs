namespace Driftless.Configuration.Postgres;

/// <summary>Where a PostgreSQL configuration document lives and how its changes are detected.</summary>
public sealed class PostgresSourceOptions
{
    /// <summary>An Npgsql connection string for the database holding the document. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The document key in <c>driftless_config_documents</c>.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Safety-net polling of the stored hash, which also catches what LISTEN misses. Default 5 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>LISTEN for <c>pg_notify</c> on a dedicated connection; when false, only polling detects changes.</summary>
    public bool Listen { get; set; } = true;

    /// <summary>Application name of the dedicated LISTEN connection, so operators can find it in <c>pg_stat_activity</c>.</summary>
    public string ListenerApplicationName { get; set; } = "driftless-config-listener";

    /// <summary>A validated copy, so later changes by the caller do not reach a running listener.</summary>
    internal PostgresSourceOptions ValidatedCopy()
    {
        Validate();
        return new PostgresSourceOptions
        {
            ConnectionString = ConnectionString,
            Key = Key,
            PollInterval = PollInterval,
            Listen = Listen,
            ListenerApplicationName = ListenerApplicationName,
        };
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("a connection string is required", nameof(ConnectionString));
        }

        if (string.IsNullOrWhiteSpace(Key))
        {
            throw new ArgumentException("a document key is required", nameof(Key));
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "the poll interval must be positive");
        }
    }
}
