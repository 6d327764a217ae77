using System.Globalization;
using System.Text;

namespace Driftless.Core.Registry;

/// <summary>
/// Registry text as it may appear in an error message: one line a terminal shows as written. Control characters
/// (and line separators, and bidi overrides that reorder what a reader sees) are escaped as <c>\n</c>, <c>\x1b</c> or
/// <c>\u202e</c>; a long value is cut, saying how long it was, so a 1 MB scalar cannot become a 1 MB message.
/// </summary>
internal static class RegistryText
{
    /// <summary>The longest value quoted in a problem.</summary>
    public const int MaxValueLength = 64;

    /// <summary>The longest problem (after its values were shortened); only a problem that quotes many values nears it.</summary>
    public const int MaxProblemLength = 512;

    /// <summary>The longest key path shown.</summary>
    public const int MaxKeyPathLength = 200;

    /// <summary>A value quoted in a problem: escaped, and cut after <see cref="MaxValueLength"/> characters.</summary>
    public static string Value(string value) => Shorten(Escape(value), MaxValueLength);

    /// <summary>A whole problem or key path: escaped, and cut after <paramref name="max"/> characters.</summary>
    public static string Line(string text, int max) => Shorten(Escape(text), max);

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Where((_, i) => NeedsEscape(text, i)).Any())
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(text, i))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                < '\u0100' => string.Create(CultureInfo.InvariantCulture, $@"\x{(int)c:x2}"),
                _ => string.Create(CultureInfo.InvariantCulture, $@"\u{(int)c:x4}"),
            });
        }

        return builder.ToString();
    }

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var keep = char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
        return string.Create(CultureInfo.InvariantCulture, $"{text[..keep]}… ({text.Length} characters)");
    }

    // Cc covers C0, DEL and C1 (U+0085 too). Zl/Zp end a line in some terminals and editors; the bidi controls change
    // what a reader sees without being visible; a lone surrogate is not text at all.
    private static bool NeedsEscape(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        }

        return char.IsControl(c)
            || c is '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\u200e' or '\u200f' or '\u061c';
    }
}
