using Driftless.Core.Errors;

namespace Driftless.Core.Events;

/// <summary>Appends one JSON line per event to a file (<c>--events FILE</c>), flushed per line.</summary>
public sealed class JsonLinesEventSink : IEventSink
{
    private readonly string path;

    private JsonLinesEventSink(string path) => this.path = path;

    /// <summary>
    /// A sink on <paramref name="path"/>, checked before anything is applied: its directory is created and the file
    /// opened for appending once, so an events file that cannot be written stops the apply before a container is touched.
    /// </summary>
    /// <exception cref="DriftlessException"><see cref="ErrorKind.OutputNotWritable"/>: the file cannot be created or written.</exception>
    public static JsonLinesEventSink Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var sink = new JsonLinesEventSink(Path.GetFullPath(path));
        sink.Guard(() =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sink.path)!);
            using var stream = new FileStream(sink.path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        });
        return sink;
    }

    /// <exception cref="DriftlessException"><see cref="ErrorKind.OutputNotWritable"/>: the line could not be written (disk full, file gone read-only).</exception>
    public async Task WriteAsync(ApplyEvent applyEvent, CancellationToken cancellationToken)
    {
        var line = EventJson.Serialize(applyEvent) + "\n";
        try
        {
            await File.AppendAllTextAsync(path, line, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(e);
        }
    }

    private void Guard(Action open)
    {
        try
        {
            open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw NotWritable(e);
        }
    }

    // The OS reason (no space, read-only, permission) names no content; the path is the user's own argument.
    private DriftlessException NotWritable(Exception e) =>
        new(ErrorKind.OutputNotWritable, $"cannot write the events file {path}: {e.Message}", e);
}
