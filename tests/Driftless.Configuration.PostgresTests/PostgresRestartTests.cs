using Driftless.Configuration.Postgres;
using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Driftless.Configuration.PostgresTests;

/// <summary>
/// A reloader over a PostgreSQL document while the server restarts. Restarting would disturb every other test, so this
/// class has a private server of its own (<see cref="IClassFixture{TFixture}"/>, not the shared collection's).
/// </summary>
public sealed class PostgresRestartTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private const string AppRole = "driftless_app";

    // Long enough that polling never fires during the test: only the reconnect reload can deliver the change.
    private static readonly TimeSpan NoPolling = TimeSpan.FromHours(1);

    // A hang bound, not a timing assertion: the listener's backoff after a restart stays below a few seconds.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_a_server_restart_the_reconnect_reload_delivers_the_change_and_health_stays_healthy()
    {
        var (appConnectionString, adminConnectionString) = await CreateDatabaseOwnedByAppAsync();
        // Seeded as the app, so the app's role owns the schema it reads.
        await using (var seed = new PostgresDocumentStore(Unpooled(appConnectionString)))
        {
            await seed.PutAsync("app", """{"Port":1}""", null, CancellationToken.None);
        }

        var options = new PostgresSourceOptions
        {
            ConnectionString = appConnectionString,
            Key = "app",
            PollInterval = NoPolling,
            Listen = true,
        };
        using var config = (ConfigurationRoot)new ConfigurationBuilder().AddDriftlessPostgres(options).Build();
        var reloader = config.Providers.OfType<DriftlessConfigurationProvider>().Single().Reloader;
        var failures = new List<Exception>();
        reloader.ReloadFailed += ex =>
        {
            lock (failures)
            {
                failures.Add(ex);
            }
        };
        var published = new TaskCompletionSource<ConfigSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        reloader.Reloaded += (_, snapshot) => published.TrySetResult(snapshot);
        await using var services = HealthServices(reloader);
        var health = services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        // The app's role may not log in until the change is written, so the listener cannot reconnect before it: the
        // write's NOTIFY reaches nobody, and only the full reload after the reconnect can deliver the change. The
        // library's pool still holds the connection of the first load, which the restart killed (57P01).
        await ExecuteAsAdminAsync(adminConnectionString, $"ALTER ROLE {AppRole} NOLOGIN");
        await server.RestartAsync();
        StoredDocument written;
        await using (var writer = new PostgresDocumentStore(Unpooled(adminConnectionString)))
        {
            written = await writer.PutAsync("app", """{"Port":2}""", null, CancellationToken.None);
        }

        Assert.Equal(1, reloader.Revision);
        await ExecuteAsAdminAsync(adminConnectionString, $"ALTER ROLE {AppRole} LOGIN");

        await Task.WhenAny(published.Task, Task.Delay(Bound));
        Assert.True(published.Task.IsCompleted, "the change arrives after the reconnect; reload failures: " + Describe(failures));
        var snapshot = await published.Task;
        Assert.Equal(written.Hash, snapshot.Hash);
        Assert.Equal("2", config["Port"]);
        Assert.Equal(2, reloader.Revision);

        // Health is LastError: a reload that never failed means health never left Healthy.
        lock (failures)
        {
            Assert.Empty(failures);
        }

        Assert.Null(reloader.LastError);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
    }

    [Fact]
    public async Task A_store_whose_pooled_connections_a_restart_killed_reads_and_writes_at_the_first_attempt()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var reads = new PostgresDocumentStore(connectionString);
        await using var hashes = new PostgresDocumentStore(connectionString);
        await using var writes = new PostgresDocumentStore(connectionString);
        var first = await writes.PutAsync("app", """{"Port":1}""", null, CancellationToken.None);

        // Each store now holds an idle pooled connection that the restart terminates (57P01).
        Assert.Equal(first.Hash, (await reads.GetAsync("app", CancellationToken.None))?.Hash);
        Assert.Equal(first.Hash, await hashes.GetHashAsync("app", CancellationToken.None));
        await server.RestartAsync();

        Assert.Equal(first.Hash, (await reads.GetAsync("app", CancellationToken.None))?.Hash);
        Assert.Equal(first.Hash, await hashes.GetHashAsync("app", CancellationToken.None));
        var second = await writes.PutAsync("app", """{"Port":2}""", 1, CancellationToken.None);
        Assert.Equal(2, second.Version);
        Assert.Equal(second.Hash, (await reads.GetAsync("app", CancellationToken.None))?.Hash);
    }

    private static string Describe(List<Exception> failures)
    {
        lock (failures)
        {
            return failures.Count == 0 ? "none" : string.Join(" | ", failures.Select(f => f.Message));
        }
    }

    private static ServiceProvider HealthServices(ConfigReloader reloader)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(reloader);
        services.AddHealthChecks().AddDriftless();
        return services.BuildServiceProvider();
    }

    // The app connects as its own role, so the test can keep it out while the admin (superuser) writes.
    private async Task<(string App, string Admin)> CreateDatabaseOwnedByAppAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        var postgres = Unpooled(server.ConnectionString("postgres"));
        await ExecuteAsAdminAsync(postgres, $"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AppRole}') THEN CREATE ROLE {AppRole} LOGIN; END IF; END$$");
        await ExecuteAsAdminAsync(postgres, $"CREATE DATABASE {name} OWNER {AppRole}");
        var admin = server.ConnectionString(name);
        var app = new NpgsqlConnectionStringBuilder(admin) { Username = AppRole }.ConnectionString;
        return (app, admin);
    }

    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static async Task ExecuteAsAdminAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
