using System.Text;
using Driftless.Configuration.Postgres;
using Driftless.Configuration.Sources;
using Npgsql;

namespace Driftless.Configuration.PostgresTests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresDocumentStoreTests(PostgresServer server)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Migrations_are_idempotent()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using (var first = new PostgresDocumentStore(connectionString))
        {
            await first.MigrateAsync(CancellationToken.None);
            await first.MigrateAsync(CancellationToken.None);
        }

        await using (var second = new PostgresDocumentStore(connectionString))
        {
            await second.MigrateAsync(CancellationToken.None);
            await second.PutAsync("app", "{}", expectedVersion: null, CancellationToken.None);
        }

        Assert.Equal([1], await SchemaVersionsAsync(connectionString));
    }

    [Fact]
    public async Task Concurrent_starts_migrate_once()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresDocumentStore(connectionString)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(store => Task.Run(() => store.MigrateAsync(CancellationToken.None))));
            var written = await stores[0].PutAsync("app", """{"A":1}""", expectedVersion: 0, CancellationToken.None);
            Assert.Equal(1, written.Version);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        Assert.Equal([PostgresDocumentStore.SchemaVersion], await SchemaVersionsAsync(connectionString));
    }

    [Fact]
    public async Task Put_bumps_the_version_and_appends_history()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = new PostgresDocumentStore(connectionString);
        var contents = new[] { """{"A":1}""", """{"A":2}""", """{"A":"drei"}""" };

        StoredDocument? last = null;
        foreach (var content in contents)
        {
            last = await store.PutAsync("app", content, last?.Version, CancellationToken.None);
        }

        var stored = await store.GetAsync("app", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(last, stored);
        Assert.Equal(3, stored.Version);
        Assert.Equal(contents[2], stored.Content);
        Assert.Equal(ConfigHash.Of(Encoding.UTF8.GetBytes(contents[2])), stored.Hash);

        var history = await HistoryAsync(connectionString, "app");
        Assert.Equal(
            contents.Select((content, i) => (Version: (long)i + 1, Content: content, Hash: ConfigHash.Of(Encoding.UTF8.GetBytes(content)))),
            history);
    }

    [Fact]
    public async Task Unconditional_and_create_only_writes()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = new PostgresDocumentStore(connectionString);

        Assert.Null(await store.GetAsync("app", CancellationToken.None));
        Assert.Null(await store.GetHashAsync("app", CancellationToken.None));
        var missing = await Assert.ThrowsAsync<VersionConflictException>(
            () => store.PutAsync("app", "{}", expectedVersion: 3, CancellationToken.None));
        Assert.Equal(0, missing.CurrentVersion);

        Assert.Equal(1, (await store.PutAsync("app", "{}", expectedVersion: 0, CancellationToken.None)).Version);
        var exists = await Assert.ThrowsAsync<VersionConflictException>(
            () => store.PutAsync("app", """{"A":1}""", expectedVersion: 0, CancellationToken.None));
        Assert.Equal(1, exists.CurrentVersion);
        Assert.Equal(0, exists.ExpectedVersion);

        Assert.Equal(2, (await store.PutAsync("app", """{"A":1}""", expectedVersion: null, CancellationToken.None)).Version);
        Assert.Equal([1L, 2L], (await HistoryAsync(connectionString, "app")).Select(h => h.Version));

        // Keys are NOTIFY payloads: an oversized key is refused before anything is written.
        await Assert.ThrowsAsync<ArgumentException>(
            () => store.PutAsync(new string('k', PostgresDocumentStore.MaxKeyBytes + 1), "{}", null, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_version_one_wins_the_other_conflicts()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var setup = new PostgresDocumentStore(connectionString);
        await setup.PutAsync("app", """{"Writer":"none"}""", expectedVersion: 0, CancellationToken.None);
        await using var writerA = new PostgresDocumentStore(connectionString);
        await using var writerB = new PostgresDocumentStore(connectionString);
        await writerA.MigrateAsync(CancellationToken.None);
        await writerB.MigrateAsync(CancellationToken.None);

        // Hold the row so both writers are genuinely in flight together, then let them race.
        await using var locker = new NpgsqlConnection(connectionString);
        await locker.OpenAsync();
        await using var lockTransaction = await locker.BeginTransactionAsync();
        await using (var forUpdate = new NpgsqlCommand("SELECT 1 FROM driftless_config_documents WHERE key = 'app' FOR UPDATE", locker, lockTransaction))
        {
            await forUpdate.ExecuteNonQueryAsync();
        }

        var a = writerA.PutAsync("app", """{"Writer":"A"}""", expectedVersion: 1, CancellationToken.None);
        var b = writerB.PutAsync("app", """{"Writer":"B"}""", expectedVersion: 1, CancellationToken.None);
        await WaitUntilAsync(async () => await BlockedOnLocksAsync(locker) == 2);
        await lockTransaction.RollbackAsync();

        var outcomes = await Task.WhenAll(Outcome(a), Outcome(b));
        var winner = Assert.Single(outcomes, o => o.Written is not null).Written!;
        var conflict = Assert.Single(outcomes, o => o.Conflict is not null).Conflict!;
        Assert.Equal(2, winner.Version);
        Assert.Equal(2, conflict.CurrentVersion);
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(winner, await setup.GetAsync("app", CancellationToken.None));
        Assert.Equal([1L, 2L], (await HistoryAsync(connectionString, "app")).Select(h => h.Version));
    }

    [Fact]
    public async Task GetHashAsync_reflects_a_write_through_another_store_immediately()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var reader = new PostgresDocumentStore(connectionString);
        await using var writer = new PostgresDocumentStore(connectionString);

        var first = await writer.PutAsync("app", """{"A":1}""", null, CancellationToken.None);
        Assert.Equal(first.Hash, await reader.GetHashAsync("app", CancellationToken.None));
        Assert.Equal(first, await reader.GetAsync("app", CancellationToken.None));

        var second = await writer.PutAsync("app", """{"A":2}""", null, CancellationToken.None);
        Assert.NotEqual(first.Hash, second.Hash);
        Assert.Equal(second.Hash, await reader.GetHashAsync("app", CancellationToken.None));
        Assert.Equal(ConfigHash.Of("""{"A":2}"""u8), second.Hash);
    }

    private static async Task<(StoredDocument? Written, VersionConflictException? Conflict)> Outcome(Task<StoredDocument> put)
    {
        try
        {
            return (await put, null);
        }
        catch (VersionConflictException ex)
        {
            return (null, ex);
        }
    }

    private static async Task<long> BlockedOnLocksAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within " + Bound);
            await Task.Delay(10);
        }
    }

    private static async Task<List<int>> SchemaVersionsAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT version FROM driftless_schema ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task<List<(long Version, string Content, string Hash)>> HistoryAsync(string connectionString, string key)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT version, content, hash FROM driftless_config_history WHERE key = $1 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }
}
