using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Driftless.Core.Registry;

/// <summary>
/// Recovers the dotted key path at a position from the raw event stream. Used when the representation
/// model cannot be built (syntax error, duplicate key), so there is no node tree to walk.
/// </summary>
internal static class YamlKeyPathLocator
{
    /// <summary>The key path of the last node starting at or before (<paramref name="line"/>, <paramref name="column"/>).</summary>
    public static string? Locate(string yaml, long line, long column) => Walk(yaml, line, column).Path;

    /// <summary>
    /// Where parsing stops. YamlDotNet's scanner can fail with a bare InvalidOperationException (e.g. an unclosed
    /// flow list followed by a mapping), which carries no position; the scanner's own position does.
    /// </summary>
    public static (long Line, long Column, string? Path) LocateFailure(string yaml) => Walk(yaml, long.MaxValue, long.MaxValue);

    private static (long Line, long Column, string? Path) Walk(string yaml, long line, long column)
    {
        var stack = new List<Frame>();
        string? last = null;
        var scanner = new Scanner(new StringReader(yaml));
        var parser = new Parser(scanner);
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                if (current.Start.Line > line || (current.Start.Line == line && current.Start.Column > column))
                {
                    break;
                }

                switch (current)
                {
                    case Scalar or AnchorAlias:
                        last = Enter(stack, current) ?? last;
                        Complete(stack);
                        break;
                    case MappingStart or SequenceStart:
                        last = Enter(stack, current) ?? last;
                        stack.Add(new Frame(current is MappingStart));
                        break;
                    case MappingEnd or SequenceEnd when stack.Count > 0:
                        stack.RemoveAt(stack.Count - 1);
                        Complete(stack);
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            return (e.Start.Line, e.Start.Column, last);
        }
        catch (InvalidOperationException)
        {
            return (scanner.CurrentPosition.Line, scanner.CurrentPosition.Column, last);
        }

        return (line, column, last);
    }

    private static string? Enter(List<Frame> stack, ParsingEvent node)
    {
        if (stack.Count == 0)
        {
            return null;
        }

        var top = stack[^1];
        if (top.IsMapping && top.ExpectKey)
        {
            top.Key = node is Scalar scalar ? scalar.Value : "?";
        }
        else if (!top.IsMapping)
        {
            top.Index++;
        }

        return PathOf(stack);
    }

    private static void Complete(List<Frame> stack)
    {
        if (stack.Count > 0 && stack[^1].IsMapping)
        {
            stack[^1].ExpectKey = !stack[^1].ExpectKey;
        }
    }

    private static string PathOf(List<Frame> stack)
    {
        var builder = new StringBuilder();
        foreach (var frame in stack)
        {
            if (frame.IsMapping)
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                builder.Append(frame.Key);
            }
            else
            {
                builder.Append('[').Append(frame.Index).Append(']');
            }
        }

        return builder.ToString();
    }

    private sealed class Frame(bool isMapping)
    {
        public bool IsMapping { get; } = isMapping;

        public bool ExpectKey { get; set; } = true;

        public string? Key { get; set; }

        public int Index { get; set; } = -1;
    }
}
