using System.Text;

namespace Driftless.Configuration.Sources;

/// <summary>
/// Parses dotenv text: <c>KEY=value</c> lines, <c>#</c> comments, an optional <c>export </c> prefix;
/// unquoted values trimmed with an inline <c> #comment</c> removed; single-quoted values literal;
/// double-quoted values with <c>\n \r \t \\ \" \$</c> escapes, possibly spanning lines. No variable expansion.
/// </summary>
public static class DotEnvParser
{
    /// <summary>
    /// Parses <paramref name="text"/>. Each key appears once, at the position of its first assignment, with the
    /// value of its last (later wins). Keys are case-sensitive, like environment variables.
    /// </summary>
    /// <exception cref="ConfigLoadException">A line is invalid; carries <paramref name="sourceName"/> and the 1-based line.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);

        var reader = new Reader(text.Replace("\r\n", "\n", StringComparison.Ordinal), sourceName);
        var order = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadEntry() is { } entry)
        {
            if (!values.ContainsKey(entry.Key))
            {
                order.Add(entry.Key);
            }

            values[entry.Key] = entry.Value;
        }

        return order.ConvertAll(key => KeyValuePair.Create(key, values[key]));
    }

    internal static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || !IsKeyStart(key[0]))
        {
            return false;
        }

        foreach (var c in key[1..])
        {
            if (!IsKeyPart(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsKeyStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsKeyPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.';

    private static bool IsBlank(char c) => c is ' ' or '\t';

    private struct Reader(string text, string sourceName)
    {
        private int _pos;
        private int _line = 1;

        public KeyValuePair<string, string>? ReadEntry()
        {
            while (_pos < text.Length)
            {
                SkipBlanks();
                if (AtLineEnd())
                {
                    NextLine();
                    continue;
                }

                if (text[_pos] == '#')
                {
                    SkipToLineEnd();
                    NextLine();
                    continue;
                }

                var entry = ReadAssignment();
                NextLine();
                return entry;
            }

            return null;
        }

        private KeyValuePair<string, string> ReadAssignment()
        {
            var key = ReadKey();
            if (key == "export" && _pos < text.Length && IsBlank(text[_pos]))
            {
                SkipBlanks();
                key = ReadKey();
            }

            if (key.Length == 0)
            {
                throw Fail(_line, "expected a variable name");
            }

            SkipBlanks();
            if (_pos >= text.Length || text[_pos] != '=')
            {
                throw Fail(_line, $"expected '=' after '{key}'");
            }

            _pos++;
            var valueStart = _pos;
            SkipBlanks();
            var value = _pos >= text.Length ? string.Empty : text[_pos] switch
            {
                '"' => ReadDoubleQuoted(),
                '\'' => ReadSingleQuoted(),
                '#' when _pos > valueStart => ReadComment(),
                _ => ReadUnquoted(),
            };
            return KeyValuePair.Create(key, value);
        }

        private string ReadKey()
        {
            var start = _pos;
            if (_pos < text.Length && IsKeyStart(text[_pos]))
            {
                _pos++;
                while (_pos < text.Length && IsKeyPart(text[_pos]))
                {
                    _pos++;
                }
            }

            if (_pos == start && _pos < text.Length && text[_pos] is not ('=' or '\n'))
            {
                throw Fail(_line, "invalid variable name (expected [A-Za-z_][A-Za-z0-9_.]*)");
            }

            if (_pos < text.Length && !IsBlank(text[_pos]) && text[_pos] is not ('=' or '\n'))
            {
                throw Fail(_line, $"invalid character '{text[_pos]}' in variable name");
            }

            return text[start.._pos];
        }

        private string ReadComment()
        {
            SkipToLineEnd();
            return string.Empty;
        }

        private string ReadUnquoted()
        {
            var start = _pos;
            SkipToLineEnd();
            var raw = text.AsSpan(start, _pos - start);
            // '#' starts a comment only after whitespace, so "a#b" and "KEY=#x" keep their '#'.
            for (var i = 1; i < raw.Length; i++)
            {
                if (raw[i] == '#' && IsBlank(raw[i - 1]))
                {
                    raw = raw[..i];
                    break;
                }
            }

            return raw.Trim(" \t\r").ToString();
        }

        private string ReadSingleQuoted()
        {
            var startLine = _line;
            _pos++;
            var start = _pos;
            while (_pos < text.Length && text[_pos] is not ('\'' or '\n'))
            {
                _pos++;
            }

            if (_pos >= text.Length || text[_pos] != '\'')
            {
                throw Fail(startLine, "unterminated single-quoted value");
            }

            var value = text[start.._pos];
            _pos++;
            ExpectLineEnd(startLine);
            return value;
        }

        private string ReadDoubleQuoted()
        {
            var startLine = _line;
            _pos++;
            var value = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length)
                {
                    throw Fail(startLine, "unterminated double-quoted value");
                }

                var c = text[_pos++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\n')
                {
                    _line++;
                }
                else if (c == '\\' && _pos < text.Length)
                {
                    var escaped = text[_pos] switch
                    {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        '\\' or '"' or '$' => text[_pos],
                        _ => (char?)null,
                    };
                    if (escaped is { } e)
                    {
                        value.Append(e);
                        _pos++;
                        continue;
                    }
                }

                // Unknown escapes stay literal (backslash included), as in most dotenv implementations.
                value.Append(c);
            }

            ExpectLineEnd(startLine);
            return value.ToString();
        }

        private void ExpectLineEnd(int startLine)
        {
            SkipBlanks();
            if (_pos < text.Length && text[_pos] == '#')
            {
                SkipToLineEnd();
            }

            if (_pos < text.Length && text[_pos] == '\r')
            {
                _pos++;
            }

            if (!AtLineEnd())
            {
                throw Fail(startLine, "unexpected characters after the closing quote");
            }
        }

        private readonly bool AtLineEnd() => _pos >= text.Length || text[_pos] == '\n';

        private void SkipBlanks()
        {
            while (_pos < text.Length && IsBlank(text[_pos]))
            {
                _pos++;
            }
        }

        private void SkipToLineEnd()
        {
            while (_pos < text.Length && text[_pos] != '\n')
            {
                _pos++;
            }
        }

        private void NextLine()
        {
            if (_pos < text.Length && text[_pos] == '\n')
            {
                _pos++;
                _line++;
            }
        }

        private readonly ConfigLoadException Fail(int line, string problem) => new(sourceName, line, problem);
    }
}
