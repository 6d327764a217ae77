using System.Globalization;
using System.Buffers;
using System.Text.Unicode;
using Driftless.Core.Errors;

namespace Driftless.Core.Registry;

/// <summary>Reads and validates a <c>driftless.yaml</c>.</summary>
/// <param name="environment">
/// Environment lookup for the <c>${VAR}</c> references (every one must be set at load time; values are not kept).
/// Default <see cref="Environment.GetEnvironmentVariable(string)"/>.
/// </param>
public sealed class RegistryLoader(Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <exception cref="RegistryException">
    /// The file is missing, unreadable, larger than <see cref="RegistryLimits.MaxFileBytes"/> or not UTF-8, or invalid:
    /// then it carries every problem of the file, sorted by line (exit 65).
    /// </exception>
    public async Task<DriftlessRegistry> LoadAsync(string path, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new RegistryException(RegistryText.Line(path, RegistryText.MaxKeyPathLength), 0, 0, null, "not a usable file path", e);
        }

        var text = Decode(fullPath, await ReadBoundedAsync(fullPath, ct));
        return new RegistryParser(fullPath, _environment).Parse(text);
    }

    /// <summary>At most one byte more than the cap, so neither a huge file nor one that never ends (a FIFO, /dev/zero) is read whole.</summary>
    private static async Task<byte[]> ReadBoundedAsync(string fullPath, CancellationToken ct)
    {
        try
        {
            if (Directory.Exists(fullPath))
            {
                throw new RegistryException(RegistryText.Escape(fullPath), 0, 0, null, "the registry path is a directory, not a file");
            }

            await using var stream = new FileStream(fullPath, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, Options = FileOptions.Asynchronous });
            if (stream.CanSeek && stream.Length > RegistryLimits.MaxFileBytes)
            {
                throw TooLarge(fullPath, stream.Length);
            }

            var buffer = new byte[RegistryLimits.MaxFileBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
            }

            return length > RegistryLimits.MaxFileBytes ? throw TooLarge(fullPath, null) : buffer[..length];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var problem = e is FileNotFoundException or DirectoryNotFoundException
                ? "registry file not found"
                : $"cannot read the registry file: {RegistryText.Line(e.Message, RegistryText.MaxProblemLength)}";
            throw new RegistryException(RegistryText.Escape(fullPath), 0, 0, null, problem, e);
        }
    }

    private static RegistryException TooLarge(string fullPath, long? length) =>
        new(RegistryText.Escape(fullPath), 0, 0, null, string.Create(
            CultureInfo.InvariantCulture,
            $"the registry file is larger than {RegistryLimits.MaxFileBytes / 1024 / 1024} MiB{(length is { } n ? $" ({n} bytes)" : string.Empty)}; a registry lists services and their inputs, never their contents"));

    /// <summary>UTF-8, with or without a byte order mark; a UTF-16 or UTF-32 byte order mark, or an invalid byte, is named with its place.</summary>
    private static string Decode(string fullPath, byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        else if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || span.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            throw new RegistryException(RegistryText.Escape(fullPath), 1, 1, null, "the registry file is UTF-16 or UTF-32 (it starts with that byte order mark); save it as UTF-8");
        }

        var chars = new char[span.Length];
        var status = Utf8.ToUtf16(span, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
        {
            return new string(chars, 0, charsWritten);
        }

        // Where the first bad byte is, as an editor counts: line, and column in bytes.
        var offset = bytes.Length - span.Length + bytesRead;
        var before = bytes.AsSpan(0, offset);
        var line = 1 + before.Count((byte)'\n');
        var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
        throw new RegistryException(RegistryText.Escape(fullPath), line, column, null, string.Create(CultureInfo.InvariantCulture, $"the registry file is not valid UTF-8 (byte 0x{bytes[offset]:x2} at offset {offset}); save it as UTF-8"));
    }
}
