namespace Driftless.Core.Events;

/// <summary>Appends one JSON line per event to a file (<c>--events FILE</c>), flushed per line.</summary>
public sealed class JsonLinesEventSink(string path) : IEventSink
{
    public async Task WriteAsync(ApplyEvent applyEvent, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await File.AppendAllTextAsync(path, EventJson.Serialize(applyEvent) + "\n", cancellationToken);
    }
}
