namespace Driftless.Core.Events;

/// <summary>Somewhere events are published as they are recorded.</summary>
public interface IEventSink
{
    Task WriteAsync(ApplyEvent applyEvent, CancellationToken cancellationToken);
}
