using System.Globalization;

namespace Driftless.Core.Registry;

/// <summary>
/// Go-style durations: a sequence of decimal numbers with units h, m, s, ms (e.g. <c>1m30s</c>, <c>500ms</c>, <c>1.5s</c>),
/// or <c>0</c>. Stricter than Go: no sign, no µs/ns, and a fraction has digits on both sides of its point.
/// </summary>
public static class DurationParser
{
    public const string Examples = "500ms, 10s, 1m, 1m30s, 2h";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        decimal totalMs = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (!SkipDigits(text, ref i))
            {
                return false;
            }

            // A fraction needs digits on both sides of the point: ".5s" and "1.s" look like typos of "1.5s".
            if (i < text.Length && text[i] == '.')
            {
                i++;
                if (!SkipDigits(text, ref i))
                {
                    return false;
                }
            }

            if (!decimal.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            decimal unitMs;
            if (text.AsSpan(i).StartsWith("ms", StringComparison.Ordinal))
            {
                unitMs = 1;
                i += 2;
            }
            else if (i < text.Length && text[i] is 'h' or 'm' or 's')
            {
                unitMs = text[i] switch { 'h' => 3_600_000, 'm' => 60_000, _ => 1_000 };
                i++;
            }
            else
            {
                return false;
            }

            totalMs += number * unitMs;
            if (totalMs > (decimal)TimeSpan.MaxValue.TotalMilliseconds / 2)
            {
                return false;
            }
        }

        // A positive duration below TimeSpan's 100 ns precision still counts as longer than 0, as it is written.
        duration = TimeSpan.FromTicks(Math.Max((long)(totalMs * TimeSpan.TicksPerMillisecond), totalMs > 0 ? 1 : 0));
        return true;
    }

    private static bool SkipDigits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i > start;
    }
}
