using System.Text;

namespace Driftless.Configuration.Sources;

/// <summary>Writes pairs as dotenv text that <see cref="DotEnvParser.Parse"/> reads back unchanged.</summary>
public static class DotEnvWriter
{
    /// <summary>One <c>KEY=value</c> line per pair, <c>\n</c>-terminated; values double-quoted and escaped unless plainly safe.</summary>
    /// <exception cref="ArgumentException">A key is not a valid dotenv variable name.</exception>
    public static string Format(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var text = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (!DotEnvParser.IsValidKey(key))
            {
                throw new ArgumentException($"'{key}' is not a valid dotenv variable name ([A-Za-z_][A-Za-z0-9_.]*).", nameof(pairs));
            }

            text.Append(key).Append('=');
            AppendValue(text, value ?? string.Empty);
            text.Append('\n');
        }

        return text.ToString();
    }

    private static void AppendValue(StringBuilder text, string value)
    {
        if (IsPlain(value))
        {
            text.Append(value);
            return;
        }

        text.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                '\\' or '"' or '$' => text.Append('\\').Append(c),
                _ => text.Append(c),
            };
        }

        text.Append('"');
    }

    // Conservative on purpose: anything that could be trimmed, read as a comment or a quote is quoted instead.
    private static bool IsPlain(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or ',' or '+' or '@' or '%'))
            {
                return false;
            }
        }

        return true;
    }
}
