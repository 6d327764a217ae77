using System.Text;
using Driftless.Configuration.Sources;
using Npgsql;

namespace Driftless.Configuration.Postgres;

/// <summary>
/// A JSON configuration document stored in PostgreSQL, flattened exactly as <see cref="JsonFileSource"/> flattens a
/// file. It has no files to watch: pair it with a <see cref="PostgresChangeListener"/> for its change signal.
/// </summary>
public sealed class PostgresConfigSource : IConfigSource
{
    private readonly PostgresDocumentStore _store;
    private readonly string _key;

    public PostgresConfigSource(PostgresDocumentStore store, string key)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _store = store;
        _key = key;
    }

    public string Name => _key;

    public IReadOnlyList<string> WatchedPaths { get; } = [];

    public async Task<ConfigSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        StoredDocument? document;
        try
        {
            document = await _store.GetAsync(_key, cancellationToken);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConfigLoadException(Name, 0, "cannot read the document: " + ex.Message, ex);
        }

        if (document is null)
        {
            throw new ConfigLoadException(Name, 0, "document not found");
        }

        var values = JsonFileSource.Parse(Name, Encoding.UTF8.GetBytes(document.Content));
        // The stored hash, so a snapshot compares equal to what PostgresDocumentStore.GetHashAsync reports.
        return new ConfigSnapshot(values, document.Hash, Name);
    }
}
