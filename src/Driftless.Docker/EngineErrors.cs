using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using Driftless.Core.Errors;

namespace Driftless.Docker;

/// <summary>Turns transport failures of the Docker client into <see cref="EngineUnreachableException"/>.</summary>
internal static class EngineErrors
{
    /// <summary>Where a user sets the engine timeout: named in the message when the engine did not answer in time.</summary>
    public const string TimeoutSetting = "--engine-timeout or DRIFTLESS_ENGINE_TIMEOUT";

    /// <param name="timeout">The engine timeout the call ran under, named when it expired (null: not known here).</param>
    public static async Task<T> CallAsync<T>(string endpoint, Func<Task<T>> call, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (Translate(endpoint, e, cancellationToken, timeout) is { } unreachable)
        {
            throw unreachable;
        }
    }

    /// <param name="timeout">The engine timeout the call ran under, named when it expired (null: not known here).</param>
    public static async Task CallAsync(string endpoint, Func<Task> call, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (Translate(endpoint, e, cancellationToken, timeout) is { } unreachable)
        {
            throw unreachable;
        }
    }

    public static EngineUnreachableException? Translate(string endpoint, Exception exception, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (!IsTransportFailure(exception))
        {
            return null;
        }

        // A cancellation nobody asked for is the engine timeout expiring: say so, not "A task was canceled".
        var inner = exception is OperationCanceledException
            ? new TimeoutException(NoAnswer(timeout), exception)
            : Explain(endpoint, Innermost(exception));
        return new EngineUnreachableException(endpoint, inner);
    }

    public static string NoAnswer(TimeSpan? timeout) => timeout is { } limit
        ? string.Create(CultureInfo.InvariantCulture, $"no answer within {Seconds(limit)} (set {TimeoutSetting})")
        : $"no answer in time (set {TimeoutSetting})";

    // .NET reports a missing unix socket as "Cannot assign requested address"; say what is wrong.
    private static Exception Explain(string endpoint, Exception inner)
    {
        const string Unix = "unix://";
        if (endpoint.StartsWith(Unix, StringComparison.Ordinal) && endpoint[Unix.Length..] is var path && !File.Exists(path))
        {
            return new FileNotFoundException($"no socket at {path} (is the engine running? scripts/bootstrap.sh starts one)", path, inner);
        }

        return inner;
    }

    internal static bool IsTransportFailure(Exception exception) => exception switch
    {
        HttpRequestException or SocketException or IOException or TimeoutException => true,

        // The client's own request timeout surfaces as a cancellation nobody asked for.
        OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransportFailure),
        _ => exception.GetType().Namespace?.StartsWith("Microsoft.Net.Http.Client", StringComparison.Ordinal) == true,
    };

    private static string Seconds(TimeSpan limit) =>
        limit.TotalSeconds >= 1 && limit.TotalSeconds == Math.Floor(limit.TotalSeconds)
            ? string.Create(CultureInfo.InvariantCulture, $"{limit.TotalSeconds:0}s")
            : string.Create(CultureInfo.InvariantCulture, $"{limit.TotalMilliseconds:0.###}ms");

    private static Exception Innermost(Exception exception)
    {
        var current = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        return current is HttpRequestException { InnerException: SocketException socket } ? socket : current;
    }
}
