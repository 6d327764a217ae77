using Driftless.Configuration.Postgres;
using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Driftless.Configuration.Tests.Reload;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Driftless.Configuration.PostgresTests;

/// <summary>A reloader over a PostgreSQL document, driven by the document's own change signal (NOTIFY, polling, reconnect).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReloadTests(PostgresServer server)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    // Long enough that polling never fires during a test: only LISTEN (or a reconnect) can deliver.
    private static readonly TimeSpan NoPolling = TimeSpan.FromHours(1);

    [Fact]
    public async Task An_update_is_published_via_notify()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var writer = new PostgresDocumentStore(connectionString);
        await writer.PutAsync("app", """{"Port":1}""", null, CancellationToken.None);
        using var config = Build(Options(connectionString, NoPolling, listen: true));
        var reloader = Reloader(config);
        var published = Published(reloader);

        var written = await writer.PutAsync("app", """{"Port":2}""", null, CancellationToken.None);

        var snapshot = await published.WaitAsync(Bound);
        Assert.Equal(written.Hash, snapshot.Hash);
        Assert.Equal("2", config["Port"]);
        Assert.Equal(2, reloader.Revision);
    }

    [Fact]
    public async Task Without_listen_an_update_is_published_via_polling()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var writer = new PostgresDocumentStore(connectionString);
        await writer.PutAsync("app", """{"Port":1}""", null, CancellationToken.None);
        var options = Options(connectionString, TimeSpan.FromMilliseconds(200), listen: false);
        using var config = Build(options);
        var reloader = Reloader(config);
        var published = Published(reloader);

        var written = await writer.PutAsync("app", """{"Port":2}""", null, CancellationToken.None);

        Assert.Equal(written.Hash, (await published.WaitAsync(Bound)).Hash);
        Assert.Equal("2", config["Port"]);
        Assert.Equal(0L, await BackendsAsync(connectionString, options.ListenerApplicationName));
    }

    [Fact]
    public async Task A_write_made_while_the_listener_is_disconnected_is_published_after_it_reconnects()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var writer = new PostgresDocumentStore(connectionString);
        await writer.PutAsync("app", """{"Port":1}""", null, CancellationToken.None);
        var options = Options(connectionString, NoPolling, listen: true);
        using var config = Build(options);
        var reloader = Reloader(config);
        var published = Published(reloader);
        Assert.Equal(1L, await BackendsAsync(connectionString, options.ListenerApplicationName));

        // The writer keeps its pooled connection; refusing new ones keeps the listener disconnected until we allow it.
        await using var admin = new NpgsqlConnection(server.ConnectionString("postgres"));
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false");
        try
        {
            var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
            await using (var fresh = new NpgsqlConnection(unpooled.ConnectionString))
            {
                await Assert.ThrowsAnyAsync<PostgresException>(() => fresh.OpenAsync());
            }

            await TerminateAsync(admin, database, options.ListenerApplicationName);
            await AssertEventuallyAsync(
                async () => await BackendsOnAsync(admin, database, options.ListenerApplicationName) == 0,
                "the listener's backend is gone");

            // NOTIFY for this write goes nowhere: nobody is listening.
            var written = await writer.PutAsync("app", """{"Port":2}""", null, CancellationToken.None);
            await Task.Delay(300);
            Assert.False(published.IsCompleted);
            Assert.Equal(1, reloader.Revision);

            await ExecuteAsync(admin, $"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true");
            Assert.Equal(written.Hash, (await published.WaitAsync(TimeSpan.FromSeconds(15))).Hash);
            Assert.Equal("2", config["Port"]);
        }
        finally
        {
            await ExecuteAsync(admin, $"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true");
        }
    }

    [Fact]
    public async Task OptionsMonitor_OnChange_fires_once_for_one_update()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var writer = new PostgresDocumentStore(connectionString);
        await writer.PutAsync("app", """{"Port":1,"Name":"a"}""", null, CancellationToken.None);

        // Both detectors on: NOTIFY and a fast poll both see the update, yet it is one change.
        using var config = Build(Options(connectionString, TimeSpan.FromMilliseconds(100), listen: true));
        var services = new ServiceCollection();
        services.Configure<AppOptions>(config);
        await using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<AppOptions>>();
        Assert.Equal(1, monitor.CurrentValue.Port);
        var ports = new List<int>();
        using var subscription = monitor.OnChange(o =>
        {
            lock (ports)
            {
                ports.Add(o.Port);
            }
        });

        await writer.PutAsync("app", """{"Port":2,"Name":"a"}""", null, CancellationToken.None);

        await Eventually.AssertAsync(() => Count(ports) > 0, "OnChange fires");

        // Long enough for several polls and any duplicate signal to be handled.
        await Task.Delay(1000);
        lock (ports)
        {
            Assert.Equal([2], ports);
        }

        Assert.Equal(2, monitor.CurrentValue.Port);
        Assert.Equal(2, Reloader(config).Revision);
    }

    [Fact]
    public async Task Invalid_json_keeps_the_last_good_snapshot_and_raises_ReloadFailed()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var writer = new PostgresDocumentStore(connectionString);
        var good = await writer.PutAsync("app", """{"Port":1}""", null, CancellationToken.None);
        using var config = Build(Options(connectionString, NoPolling, listen: true));
        var reloader = Reloader(config);
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        reloader.ReloadFailed += ex => failed.TrySetResult(ex);
        var reloads = 0;
        reloader.Reloaded += (_, _) => Interlocked.Increment(ref reloads);

        await writer.PutAsync("app", "{\"Port\": 2,\n oops", null, CancellationToken.None);

        var error = await failed.Task.WaitAsync(Bound);
        Assert.IsType<ConfigLoadException>(error);
        Assert.Same(error, reloader.LastError);
        Assert.Equal(good.Hash, reloader.Current.Hash);
        Assert.Equal(1, reloader.Revision);
        Assert.Equal("1", config["Port"]);
        Assert.Equal(0, Volatile.Read(ref reloads));
    }

    [Fact]
    public async Task Disposing_the_configuration_closes_the_listener_connection()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var writer = new PostgresDocumentStore(connectionString);
        await writer.PutAsync("app", """{"Port":1}""", null, CancellationToken.None);
        var options = Options(connectionString, NoPolling, listen: true);
        var config = Build(options);
        Assert.Equal(1L, await BackendsAsync(connectionString, options.ListenerApplicationName));

        config.Dispose();

        await AssertEventuallyAsync(
            async () => await BackendsAsync(connectionString, options.ListenerApplicationName) == 0,
            "the listener's connection is closed");
    }

    [Fact]
    public async Task A_missing_document_fails_the_build_and_leaves_no_listener()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var options = Options(connectionString, NoPolling, listen: true);

        Assert.Throws<ConfigLoadException>(() => new ConfigurationBuilder().AddDriftlessPostgres(options).Build());

        await AssertEventuallyAsync(
            async () => await BackendsAsync(connectionString, options.ListenerApplicationName) == 0,
            "the listener stopped with the failed start");
    }

    private static PostgresSourceOptions Options(string connectionString, TimeSpan pollInterval, bool listen) => new()
    {
        ConnectionString = connectionString,
        Key = "app",
        PollInterval = pollInterval,
        Listen = listen,
        ListenerApplicationName = "driftless-test-" + Guid.NewGuid().ToString("N"),
    };

    private static ConfigurationRoot Build(PostgresSourceOptions options) =>
        (ConfigurationRoot)new ConfigurationBuilder().AddDriftlessPostgres(options).Build();

    private static ConfigReloader Reloader(IConfigurationRoot config) =>
        config.Providers.OfType<DriftlessConfigurationProvider>().Single().Reloader;

    private static Task<ConfigSnapshot> Published(ConfigReloader reloader)
    {
        var published = new TaskCompletionSource<ConfigSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        reloader.Reloaded += (_, snapshot) => published.TrySetResult(snapshot);
        return published.Task;
    }

    private static async Task AssertEventuallyAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = Environment.TickCount64 + (long)Bound.TotalMilliseconds;
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < deadline, because);
            await Task.Delay(20);
        }
    }

    private static int Count(List<int> items)
    {
        lock (items)
        {
            return items.Count;
        }
    }

    private static async Task<long> BackendsAsync(string connectionString, string applicationName)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await BackendsOnAsync(connection, null, applicationName);
    }

    private static async Task<long> BackendsOnAsync(NpgsqlConnection connection, string? database, string applicationName)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = coalesce($1, current_database()) AND application_name = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = database, DataTypeName = "text" });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = applicationName });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // Only this test's listener: its database and its unique application name.
    private static async Task TerminateAsync(NpgsqlConnection admin, string database, string applicationName)
    {
        await using var terminate = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2", admin);
        terminate.Parameters.Add(new NpgsqlParameter<string> { TypedValue = database });
        terminate.Parameters.Add(new NpgsqlParameter<string> { TypedValue = applicationName });
        await using var reader = await terminate.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0));
        Assert.False(await reader.ReadAsync());
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
