namespace Driftless.Configuration.Sources;

/// <summary>
/// A source with its own change signal (a database notification, a poll of a remote hash) instead of files to watch.
/// A <see cref="Reload.ConfigReloader"/> subscribes before its first load, in addition to watching
/// <see cref="IConfigSource.WatchedPaths"/>, and disposes the subscription with itself.
/// </summary>
public interface IChangeSignalingSource : IConfigSource
{
    /// <summary>
    /// Starts signalling changes and returns once a change made after it returns will be signalled; disposing the
    /// result stops. <paramref name="onChange"/> gets <see langword="true"/> when changes may have been missed (e.g.
    /// after a reconnect) and the whole source must be reloaded, <see langword="false"/> for one observed change.
    /// It is quick and does not throw; the source calls it from its own background tasks.
    /// </summary>
    /// <param name="onChange">Called per change signal with whether a full reload is requested.</param>
    /// <param name="cancellationToken">Cancels starting; a started subscription is stopped only by disposing it.</param>
    Task<IAsyncDisposable> WatchAsync(Func<bool, Task> onChange, CancellationToken cancellationToken);
}
