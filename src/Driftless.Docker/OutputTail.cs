using System.Text;

namespace Driftless.Docker;

/// <summary>The last lines of a command's output, bounded, for an event.</summary>
internal static class OutputTail
{
    private const int MaxLines = 10;
    private const int MaxChars = 1000;

    public static string Of(byte[] stdout, string stderr)
    {
        var text = (Encoding.UTF8.GetString(stdout) + "\n" + stderr).Replace("\r", string.Empty, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tail = string.Join('\n', lines.TakeLast(MaxLines));
        return tail.Length <= MaxChars ? tail : "…" + tail[^MaxChars..];
    }
}
