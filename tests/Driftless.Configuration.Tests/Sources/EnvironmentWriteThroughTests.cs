using Driftless.Configuration.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Configuration.Tests.Sources;

public sealed class EnvironmentWriteThroughTests : IDisposable
{
    // Unique names: the process environment is shared with every other test running in parallel.
    private readonly string _prefix = "DRIFTLESS_T" + Guid.NewGuid().ToString("N")[..8] + "_";

    public void Dispose()
    {
        foreach (var name in new[] { "KEPT", "CHANGED", "REMOVED", "ADDED", "Db__Host" })
        {
            Environment.SetEnvironmentVariable(_prefix + name, null);
        }
    }

    [Fact]
    public void Apply_SetsChangedAndAdded_AndUnsetsRemovedVariables()
    {
        var writeThrough = new EnvironmentWriteThrough(NullLogger<EnvironmentWriteThrough>.Instance);
        var old = Vars(("KEPT", "1"), ("CHANGED", "old"), ("REMOVED", "x"));
        writeThrough.Apply(Vars(), old);

        writeThrough.Apply(old, Vars(("KEPT", "1"), ("CHANGED", "new"), ("ADDED", "y")));

        Assert.Equal("1", Get("KEPT"));
        Assert.Equal("new", Get("CHANGED"));
        Assert.Equal("y", Get("ADDED"));
        Assert.Null(Get("REMOVED"));
    }

    [Fact]
    public void Apply_FromSnapshots_MapsKeysBackToVariableNamesWithPrefix()
    {
        var writeThrough = new EnvironmentWriteThrough(NullLogger<EnvironmentWriteThrough>.Instance);
        var first = Snapshot(("Db:Host", "a"), ("REMOVED", "x"));
        writeThrough.Apply(null, first, _prefix);

        writeThrough.Apply(first, Snapshot(("Db:Host", "b")), _prefix);

        Assert.Equal("b", Get("Db__Host"));
        Assert.Null(Get("REMOVED"));
    }

    [Fact]
    public void Callbacks_ReceiveOldAndNewValues_AfterTheEnvironmentIsUpdated()
    {
        var writeThrough = new EnvironmentWriteThrough(NullLogger<EnvironmentWriteThrough>.Instance);
        IReadOnlyDictionary<string, string?>? seenOld = null;
        IReadOnlyDictionary<string, string?>? seenNew = null;
        string? environmentDuringCallback = null;
        using var registration = writeThrough.Register((o, n) =>
        {
            (seenOld, seenNew) = (o, n);
            environmentDuringCallback = Get("CHANGED");
        });
        var old = Vars(("CHANGED", "old"));
        var next = Vars(("CHANGED", "new"));

        writeThrough.Apply(old, next);

        Assert.Same(old, seenOld);
        Assert.Same(next, seenNew);
        Assert.Equal("new", environmentDuringCallback);
    }

    [Fact]
    public void ThrowingCallback_IsLogged_AndDoesNotStopTheNext()
    {
        var logger = new RecordingLogger();
        var writeThrough = new EnvironmentWriteThrough(logger);
        var calls = new List<string>();
        using var first = writeThrough.Register((_, _) => calls.Add("first"));
        using var throwing = writeThrough.Register((_, _) => throw new InvalidOperationException("boom"));
        using var last = writeThrough.Register((_, _) => calls.Add("last"));

        writeThrough.Apply(Vars(), Vars(("ADDED", "1")));

        Assert.Equal(["first", "last"], calls);
        var error = Assert.Single(logger.Errors);
        Assert.Equal("boom", error.Message);
        Assert.Equal("1", Get("ADDED"));
    }

    [Fact]
    public void DisposedRegistration_IsNoLongerCalled()
    {
        var writeThrough = new EnvironmentWriteThrough(NullLogger<EnvironmentWriteThrough>.Instance);
        var calls = 0;
        var registration = writeThrough.Register((_, _) => calls++);
        registration.Dispose();

        writeThrough.Apply(Vars(), Vars(("ADDED", "1")));

        Assert.Equal(0, calls);
    }

    private string? Get(string name) => Environment.GetEnvironmentVariable(_prefix + name);

    private Dictionary<string, string?> Vars(params (string Name, string? Value)[] vars)
        => vars.ToDictionary(v => _prefix + v.Name, v => v.Value, StringComparer.Ordinal);

    private static ConfigSnapshot Snapshot(params (string Key, string? Value)[] values)
        => new(values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase), "sha256:test", "test.env");

    private sealed class RecordingLogger : ILogger<EnvironmentWriteThrough>
    {
        public List<Exception> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error && exception is not null)
            {
                Errors.Add(exception);
            }
        }
    }
}
