using Driftless.Configuration.Postgres;
using Npgsql;

namespace Driftless.Configuration.PostgresTests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresChangeListenerTests(PostgresServer server)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    // Long enough that polling never fires during a test: LISTEN alone must deliver.
    private static readonly TimeSpan NoPolling = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_notification_for_the_key_raises_Changed()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = new PostgresDocumentStore(connectionString);
        await store.PutAsync("app", """{"A":1}""", null, CancellationToken.None);
        await using var listener = new PostgresChangeListener(Options(connectionString, NoPolling, listen: true));
        var changes = new List<string>();
        var changed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Changed += key =>
        {
            lock (changes)
            {
                changes.Add(key);
            }

            changed.TrySetResult(key);
        };
        await listener.StartAsync(CancellationToken.None);

        // Notifications arrive in commit order on one connection: "other" is handled before "app".
        await store.PutAsync("other", "{}", null, CancellationToken.None);
        await store.PutAsync("app", """{"A":2}""", null, CancellationToken.None);

        Assert.Equal("app", await changed.Task.WaitAsync(Bound));
        lock (changes)
        {
            Assert.Equal(["app"], changes);
        }
    }

    [Fact]
    public async Task Without_listen_polling_detects_a_change_of_the_stored_hash()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = new PostgresDocumentStore(connectionString);
        await store.PutAsync("app", """{"A":1}""", null, CancellationToken.None);
        await using var listener = new PostgresChangeListener(Options(connectionString, TimeSpan.FromMilliseconds(200), listen: false));
        var changed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Changed += key => changed.TrySetResult(key);
        await listener.StartAsync(CancellationToken.None);

        await store.PutAsync("app", """{"A":2}""", null, CancellationToken.None);

        Assert.Equal("app", await changed.Task.WaitAsync(Bound));
        await using var probe = new NpgsqlConnection(connectionString);
        await probe.OpenAsync();
        Assert.Equal(0L, await ListenerBackendsAsync(probe, "driftless-config-listener"));
    }

    [Fact]
    public async Task Polling_notices_a_document_created_after_start()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = new PostgresDocumentStore(connectionString);
        await using var listener = new PostgresChangeListener(Options(connectionString, TimeSpan.FromMilliseconds(200), listen: false));
        var changed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Changed += key => changed.TrySetResult(key);
        await listener.StartAsync(CancellationToken.None);

        await store.PutAsync("app", "{}", expectedVersion: 0, CancellationToken.None);

        Assert.Equal("app", await changed.Task.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_lost_listen_connection_reconnects_and_requests_a_full_reload()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = new PostgresDocumentStore(connectionString);
        await store.PutAsync("app", """{"A":1}""", null, CancellationToken.None);
        var applicationName = "driftless-test-" + Guid.NewGuid().ToString("N");
        var options = Options(connectionString, NoPolling, listen: true);
        options.ListenerApplicationName = applicationName;
        await using var listener = new PostgresChangeListener(options);
        var reload = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var changed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.FullReloadRequested += () => reload.TrySetResult();
        listener.Changed += key => changed.TrySetResult(key);
        await listener.StartAsync(CancellationToken.None);

        await using var admin = new NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        Assert.Equal(1L, await ListenerBackendsAsync(admin, applicationName));
        await using (var terminate = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
            admin))
        {
            terminate.Parameters.Add(new NpgsqlParameter<string> { TypedValue = applicationName });
            await using var reader = await terminate.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetBoolean(0));
            Assert.False(await reader.ReadAsync());
        }

        await reload.Task.WaitAsync(Bound);
        Assert.False(changed.Task.IsCompleted);

        // The new connection listens again (the reload signal is raised only after LISTEN succeeded).
        await store.PutAsync("app", """{"A":2}""", null, CancellationToken.None);
        Assert.Equal("app", await changed.Task.WaitAsync(Bound));
    }

    [Fact]
    public async Task Start_and_stop_are_idempotent_and_dispose_is_safe()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var listener = new PostgresChangeListener(Options(connectionString, TimeSpan.FromMilliseconds(200), listen: true));

        await listener.StartAsync(CancellationToken.None);
        await listener.StartAsync(CancellationToken.None);
        await listener.StopAsync();
        await listener.StopAsync();
        await listener.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => listener.StartAsync(CancellationToken.None));

        var neverStarted = new PostgresChangeListener(Options(connectionString, TimeSpan.FromMilliseconds(200), listen: true));
        await neverStarted.DisposeAsync();
        await neverStarted.StopAsync();
    }

    [Fact]
    public async Task A_throwing_handler_does_not_stop_change_detection()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = new PostgresDocumentStore(connectionString);
        await using var listener = new PostgresChangeListener(Options(connectionString, NoPolling, listen: true));
        var calls = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Changed += _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("handler failure");
            }

            second.TrySetResult();
        };
        await listener.StartAsync(CancellationToken.None);

        await store.PutAsync("app", """{"A":1}""", null, CancellationToken.None);
        await store.PutAsync("app", """{"A":2}""", null, CancellationToken.None);

        await second.Task.WaitAsync(Bound);
    }

    private static PostgresSourceOptions Options(string connectionString, TimeSpan pollInterval, bool listen) => new()
    {
        ConnectionString = connectionString,
        Key = "app",
        PollInterval = pollInterval,
        Listen = listen,
    };

    private static async Task<long> ListenerBackendsAsync(NpgsqlConnection connection, string applicationName)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = applicationName });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
