using System.Security.Cryptography;
using Driftless.Core.Errors;
using Driftless.Core.Hashing;
using Driftless.Core.Paths;
using Driftless.Core.Registry;

namespace Driftless.Core.State;

/// <summary>
/// The state directory's <c>hash.key</c>: 32 random bytes, mode 0600, created on first use. Secret inputs are
/// hashed under it (<see cref="HashKey"/>). `driftless rekey` (or deleting it) rotates the key: the next plan makes a new one, and
/// services whose recorded digests were made under the old key are re-adopted, never restarted.
/// </summary>
public static class HashKeyFile
{
    public const string FileName = "hash.key";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The key when any of <paramref name="inputs"/> is secret (read or created), else null: plain inputs never need it.</summary>
    public static HashKey? For(string stateDirectory, IEnumerable<InputSpec> inputs) =>
        inputs.Any(input => input.Secret) ? LoadOrCreate(stateDirectory) : null;

    /// <summary>Reads the key, creating the directory and the key when there is none.</summary>
    /// <exception cref="DriftlessException">
    /// StateUnusable: the key is not a regular file, has the wrong size, or can be read by group or others.
    /// StateNotWritable: it cannot be created.
    /// </exception>
    public static HashKey LoadOrCreate(string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(stateDirectory);
        var path = Path.Combine(stateDirectory, FileName);
        return Load(path) ?? Create(stateDirectory, path);
    }

    private static HashKey? Load(string path)
    {
        if (!UnixFileStat.TryGet(path, followSymlinks: false, out var entry))
        {
            return null;
        }

        if (!entry.IsRegularFile)
        {
            throw Unusable(path, $"it is {entry.TypeNameWithArticle}, not a regular file");
        }

        if (OperatingSystem.IsLinux() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw Unusable(path, "group or others may read or write it; it must be mode 0600");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StateFailures.FromIo(Path.GetDirectoryName(path)!, $"reading {path}", e);
        }

        return bytes.Length == HashKey.Length
            ? new HashKey(bytes)
            : throw Unusable(path, $"it holds {bytes.Length} bytes, a key is {HashKey.Length}");
    }

    /// <summary>
    /// Replaces the key with a new random one in one rename (<c>driftless rekey</c>): a reader sees the old key or the
    /// new one, never a partial file. Services whose secret inputs were recorded under the old key are re-adopted by
    /// the next plan or pass, nothing restarts. A key that is not a regular file is refused, not replaced.
    /// </summary>
    /// <returns>The id of the key replaced (null when there was none, or it was not a 32-byte key), and the new key.</returns>
    public static (string? PreviousId, HashKey Key) Rotate(string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(stateDirectory);
        var path = Path.Combine(stateDirectory, FileName);
        string? previous = null;
        if (UnixFileStat.TryGet(path, followSymlinks: false, out var entry))
        {
            if (!entry.IsRegularFile)
            {
                throw Unusable(path, $"it is {entry.TypeNameWithArticle}, not a regular file");
            }

            previous = ReadIdOrNull(path);
        }

        return (previous, Write(stateDirectory, path, replace: true));
    }

    private static string? ReadIdOrNull(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            return bytes.Length == HashKey.Length ? new HashKey(bytes).Id : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static HashKey Create(string stateDirectory, string path) => Write(stateDirectory, path, replace: false);

    private static HashKey Write(string stateDirectory, string path, bool replace)
    {
        var key = RandomNumberGenerator.GetBytes(HashKey.Length);
        var temporary = Path.Combine(stateDirectory, $".{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(stateDirectory);
            // Written under a temporary name with mode 0600 from the start, then moved into place: a reader never
            // sees a partial key. Creating links without replacing, so of two processes creating one at once, the
            // first wins and both use it; rotating renames over the old key.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(key);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: replace);
            }
            catch (IOException) when (!replace && File.Exists(path))
            {
                return Load(path) ?? throw Unusable(path, "it vanished while being created");
            }

            return new HashKey(key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StateFailures.FromIo(stateDirectory, $"{(replace ? "replacing" : "creating")} {path}", e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static DriftlessException Unusable(string path, string problem) =>
        new(ErrorKind.StateUnusable, $"the hash key {path} is unusable ({problem}); run `driftless rekey` (or delete it) to make a new one (secret inputs are then re-adopted, nothing restarts)");
}
