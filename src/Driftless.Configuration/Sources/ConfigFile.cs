using System.Text;

namespace Driftless.Configuration.Sources;

/// <summary>Reads a configuration file's bytes once, turning the ways that can fail into <see cref="ConfigLoadException"/>.</summary>
internal static class ConfigFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigLoadException(path, 0, "file not found", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigLoadException(path, 0, $"cannot read file: {ex.Message}", ex);
        }

        // A zero-byte file is what a truncate-then-write editor leaves mid-save; publishing it would wipe the config.
        if (bytes.Length == 0)
        {
            throw new ConfigLoadException(path, 0, "file is empty");
        }

        return bytes;
    }

    public static string DecodeUtf8(string path, byte[] bytes)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException ex)
        {
            throw new ConfigLoadException(path, 0, "file is not valid UTF-8", ex);
        }
    }

    public static ReadOnlyMemory<byte> WithoutUtf8Bom(byte[] bytes)
        => bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsMemory(3) : bytes;
}
