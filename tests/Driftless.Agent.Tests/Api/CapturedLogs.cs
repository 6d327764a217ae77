using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Tests.Api;

/// <summary>Every log entry of a host at every level and category, with its state values and scopes rendered.</summary>
internal sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Entries { get; } = new();

    /// <summary>Adds this provider and lifts every filter (the host's own ones included) to Trace.</summary>
    public void AddTo(ILoggingBuilder logging)
    {
        logging.AddProvider(this);
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddFilter("Microsoft", LogLevel.Trace);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Trace);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Trace);
        logging.AddFilter("Driftless", LogLevel.Trace);
        logging.AddFilter("Driftless.Agent.Api.BearerTokenHandler", LogLevel.Trace);
    }

    /// <summary>Everything logged, as one string: messages, state values, exceptions and scopes.</summary>
    public string AllText() => string.Join('\n', Entries.Select(e => $"{e.Category} {e.Level} {e.Text}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new List<string> { formatter(state, exception), exception?.ToString() ?? "" };
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
            }

            owner._scopes.ForEachScope((scope, list) => list.Add($"scope: {scope}"), text);
            owner.Entries.Enqueue((category, logLevel, string.Join(" | ", text)));
        }
    }
}
