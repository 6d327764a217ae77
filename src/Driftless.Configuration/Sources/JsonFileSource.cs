using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Driftless.Configuration.Sources;

/// <summary>
/// A JSON file, flattened to configuration keys exactly as <c>AddJsonFile</c> does: <c>a:b</c>, arrays <c>a:0</c>,
/// <c>null</c> and empty objects as <see langword="null"/>, empty arrays as <c>""</c>; comments and trailing commas
/// allowed; a UTF-8, UTF-16 or UTF-32 byte order mark honoured. Objects repeated or differing only in case merge, and
/// the file is rejected — with the line — only where two values land on the same key, as the built-in provider does.
/// </summary>
/// <remarks>
/// One deliberate difference: text that is not valid UTF-8 (and has no byte order mark) is rejected, where the
/// built-in provider silently replaces the bad bytes with U+FFFD.
/// </remarks>
public sealed class JsonFileSource : ConfigFileSource
{
    private static readonly (byte[] Bom, Encoding Encoding)[] ByteOrderMarks =
    [
        // UTF-32 LE first: its mark starts with UTF-16 LE's.
        ([0xFF, 0xFE, 0x00, 0x00], new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true)),
        ([0x00, 0x00, 0xFE, 0xFF], new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true)),
        ([0xFF, 0xFE], new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)),
        ([0xFE, 0xFF], new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true)),
    ];

    /// <summary>A JSON file source.</summary>
    /// <param name="path">The file; relative paths are made absolute against the current directory.</param>
    public JsonFileSource(string path)
        : base(path)
    {
    }

    private protected override Dictionary<string, string?> Parse(byte[] bytes) => Parse(Name, ToUtf8(Name, bytes));

    /// <summary>Flattens UTF-8 JSON (without a byte order mark); <see cref="ConfigLoadException"/> naming the line when it is not valid.</summary>
    internal static Dictionary<string, string?> Parse(string sourceName, ReadOnlyMemory<byte> utf8Json)
    {
        if (!Utf8.IsValid(utf8Json.Span))
        {
            throw new ConfigLoadException(sourceName, FirstInvalidUtf8Line(utf8Json.Span), "file is not valid UTF-8");
        }

        try
        {
            return JsonFlattener.Flatten(sourceName, utf8Json.Span);
        }
        catch (JsonException ex)
        {
            // JsonException.LineNumber is 0-based.
            var line = ex.LineNumber is { } zeroBased ? checked((int)zeroBased + 1) : 0;
            throw new ConfigLoadException(sourceName, line, "invalid JSON: " + FirstSentence(ex.Message), ex);
        }
    }

    // As StreamReader (which AddJsonFile reads through) detects encodings: by the byte order mark, else UTF-8.
    private static ReadOnlyMemory<byte> ToUtf8(string sourceName, byte[] bytes)
    {
        foreach (var (bom, encoding) in ByteOrderMarks)
        {
            if (bytes.AsSpan().StartsWith(bom))
            {
                try
                {
                    return Encoding.UTF8.GetBytes(encoding.GetString(bytes, bom.Length, bytes.Length - bom.Length));
                }
                catch (DecoderFallbackException ex)
                {
                    throw new ConfigLoadException(sourceName, 0, $"file is not valid {encoding.EncodingName}", ex);
                }
            }
        }

        return ConfigFile.WithoutUtf8Bom(bytes);
    }

    private static int FirstInvalidUtf8Line(ReadOnlySpan<byte> utf8)
    {
        // Stops at the first invalid sequence; bytesRead is where it starts.
        Utf8.ToUtf16(utf8, new char[utf8.Length], out var bytesRead, out _, replaceInvalidSequences: false);
        return utf8[..bytesRead].Count((byte)'\n') + 1;
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: $ | LineNumber: n | BytePositionInLine: m." — the position is reported separately.
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
