using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Driftless.Core.Registry;

/// <summary>
/// Follows the event stream as YamlDotNet's representation model will read it, which throws a bare ArgumentException
/// (no position) at an event it does not expect where a node must be, e.g. after the empty key of <c>: x</c>. Saying
/// where that happens, before the model is built, turns the crash into a placed error.
/// </summary>
internal sealed class NodeExpectation
{
    private readonly Stack<Collection> _open = new();

    /// <summary>False when <paramref name="current"/> cannot stand where it does; <paramref name="at"/> is where the problem starts.</summary>
    public bool Accepts(ParsingEvent current, out Mark at)
    {
        at = current.Start;
        var inCollection = _open.TryPeek(out var top);
        switch (current)
        {
            case Scalar or AnchorAlias:
                // YamlDotNet reads the empty key of ': x' as a null key and drops or shifts what follows it, so
                // nothing after it is what the file says: stop at the key itself.
                var emptyKey = inCollection && top!.IsMapping && top.ExpectKey && current is Scalar { Style: ScalarStyle.Plain, Value.Length: 0 };
                Completed(current.Start);
                return !emptyKey;
            case MappingStart:
                _open.Push(new Collection(IsMapping: true));
                return true;
            case SequenceStart:
                _open.Push(new Collection(IsMapping: false));
                return true;
            case MappingEnd:
                // A mapping can end only where a key could start, not between a key and its value.
                var endsWell = inCollection && top!.IsMapping && top.ExpectKey;
                at = top?.LastKey ?? at;
                Close(current.Start);
                return endsWell;
            case SequenceEnd:
                var closesList = inCollection && !top!.IsMapping;
                Close(current.Start);
                return closesList;
            default:
                // Stream and document events are only valid outside every collection.
                return !inCollection;
        }
    }

    private void Close(Mark end)
    {
        _open.TryPop(out _);
        Completed(end);
    }

    private void Completed(Mark start)
    {
        if (_open.TryPeek(out var top) && top.IsMapping)
        {
            top.LastKey = top.ExpectKey ? start : top.LastKey;
            top.ExpectKey = !top.ExpectKey;
        }
    }

    private sealed record Collection(bool IsMapping)
    {
        public bool ExpectKey { get; set; } = true;

        public Mark? LastKey { get; set; }
    }
}
