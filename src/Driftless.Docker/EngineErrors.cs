using System.Net.Http;
using System.Net.Sockets;
using Driftless.Core.Errors;

namespace Driftless.Docker;

/// <summary>Turns transport failures of the Docker client into <see cref="EngineUnreachableException"/>.</summary>
internal static class EngineErrors
{
    public static async Task<T> CallAsync<T>(string endpoint, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (Translate(endpoint, e, cancellationToken) is { } unreachable)
        {
            throw unreachable;
        }
    }

    public static async Task CallAsync(string endpoint, Func<Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (Translate(endpoint, e, cancellationToken) is { } unreachable)
        {
            throw unreachable;
        }
    }

    public static EngineUnreachableException? Translate(string endpoint, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return IsTransportFailure(exception) ? new EngineUnreachableException(endpoint, Explain(endpoint, Innermost(exception))) : null;
    }

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

    private static Exception Innermost(Exception exception)
    {
        var current = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        return current is HttpRequestException { InnerException: SocketException socket } ? socket : current;
    }
}
