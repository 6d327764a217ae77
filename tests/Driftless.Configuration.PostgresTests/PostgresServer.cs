using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Driftless.Configuration.PostgresTests;

/// <summary>
/// A private PostgreSQL server for the test run: <c>initdb</c> into a temporary directory, started with <c>pg_ctl</c> on a
/// free loopback port, stopped and deleted on dispose. PostgreSQL refuses to run as root, so when the tests run as root
/// the server runs as the <c>postgres</c> OS user. Each test gets its own database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly bool _asPostgresUser = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
    private string _root = string.Empty;
    private string _dataDirectory = string.Empty;
    private string _binDirectory = string.Empty;
    private string _serverOptions = string.Empty;
    private bool _running;

    public int Port { get; private set; }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task InitializeAsync()
    {
        _binDirectory = FindBinDirectory();
        _root = Directory.CreateTempSubdirectory("driftless-pg-").FullName;
        _dataDirectory = Path.Combine(_root, "data");
        if (_asPostgresUser)
        {
            await RunAsync("chown", asPostgres: false, "-R", "postgres:postgres", _root);
        }

        await RunAsync(Path.Combine(_binDirectory, "initdb"), _asPostgresUser,
            "-D", _dataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync");

        // A free port can be taken between probing and binding: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            _serverOptions = string.Join(' ',
                "-k", _root, "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture),
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200");
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Stops the server the way an operator's restart does (<c>pg_ctl stop -m fast</c>: every backend is terminated with
    /// 57P01 admin_shutdown, so pooled client connections are dead) and starts it again on the same port.
    /// </summary>
    public async Task RestartAsync()
    {
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), _asPostgresUser, "-D", _dataDirectory, "-m", "fast", "-w", "stop");
        _running = false;
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (_running)
            {
                await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), _asPostgresUser, "-D", _dataDirectory, "-m", "immediate", "-w", "stop");
            }
        }
        finally
        {
            if (_root.Length > 0 && Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
    }

    private async Task StartAsync()
    {
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), _asPostgresUser,
            "-D", _dataDirectory, "-o", _serverOptions, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start");
        _running = true;
    }

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(path => (path, version: int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(c => c.version >= 0 && File.Exists(Path.Combine(c.path, "bin", "initdb")))
                .OrderByDescending(c => c.version)
                .ToList()
            : [];
        return candidates.Count > 0
            ? Path.Combine(candidates[0].path, "bin")
            : throw new InvalidOperationException($"no PostgreSQL server binaries under {root}/<version>/bin (install the 'postgresql' package)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task RunAsync(string program, bool asPostgres, params string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        if (asPostgres)
        {
            start.FileName = "runuser";
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish within {CommandTimeout}");
        }

        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty;
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}\n{serverLog}");
        }
    }
}
