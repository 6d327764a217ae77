using System.Buffers;
using System.Security.Cryptography;
using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Hashing;

/// <summary>Hashes a service's inputs as <see cref="HashFormat.Combine"/> defines.</summary>
public sealed class ContentHasher
{
    private const int BufferSize = 1 << 20;

    private static readonly string EmptyDigest = HashFormat.Digest([]);

    /// <param name="inputs">Files and directories (recursive, symlinks followed).</param>
    /// <param name="baseDirectory">Relative paths in the result are relative to this directory.</param>
    /// <param name="ct">Cancels enumeration and hashing.</param>
    /// <exception cref="DriftlessException">
    /// Exit 65, naming the path, for an unreadable file, a special file named as an input, a symlink loop, or
    /// symlinks reaching the same directories over and over (see <see cref="InputWalker"/>).
    /// </exception>
    public Task<ContentHash> HashAsync(IReadOnlyList<InputSpec> inputs, string baseDirectory, CancellationToken ct) =>
        HashAsync(inputs, baseDirectory, key: null, ct);

    /// <param name="inputs">Files and directories (recursive, symlinks followed).</param>
    /// <param name="baseDirectory">Relative paths in the result are relative to this directory.</param>
    /// <param name="key">
    /// The state directory's key: files of secret inputs get a keyed digest under it (<see cref="HashKey"/>);
    /// required when any input is secret, so a secret file's plain SHA-256 is never computed.
    /// </param>
    /// <param name="ct">Cancels enumeration and hashing.</param>
    public async Task<ContentHash> HashAsync(IReadOnlyList<InputSpec> inputs, string baseDirectory, HashKey? key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var baseFull = Path.GetFullPath(baseDirectory);
        var secrets = new SecretPaths(inputs);
        if (secrets.Any && key is null)
        {
            throw new InvalidOperationException("secret inputs are hashed only under the state directory's key");
        }

        var (files, skipped) = InputWalker.Expand(inputs, ct);
        var unique = new Dictionary<string, InputWalker.FileToHash>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            unique.TryAdd(ToRelative(baseFull, file.LogicalPath), file);
        }

        var jobs = unique.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToArray();
        var digests = new FileDigest[jobs.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Length), options, (i, token) =>
        {
            var (relative, file) = (jobs[i].Key, jobs[i].Value);
            digests[i] = new FileDigest(relative, file.LogicalPath, DigestFile(file, secrets.IsSecret(file.LogicalPath) ? key : null, token));
            return ValueTask.CompletedTask;
        });

        return new ContentHash(HashFormat.Combine(digests.Select(d => (d.RelativePath, d.Digest))), digests)
        {
            Key = secrets.Any ? key : null,
            Skipped = skipped
                .DistinctBy(s => s.LogicalPath, StringComparer.Ordinal)
                .Select(s => new SkippedEntry(ToRelative(baseFull, s.LogicalPath), s.LogicalPath, s.Reason))
                .OrderBy(s => s.RelativePath, StringComparer.Ordinal)
                .ToList(),
        };
    }

    private static string ToRelative(string baseDirectory, string path)
    {
        var relative = Path.GetRelativePath(baseDirectory, path);
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static string DigestFile(InputWalker.FileToHash file, HashKey? key, CancellationToken ct)
    {
        // An empty file needs no read (special files never get here: the walker skips or refuses them).
        if (file.Length == 0)
        {
            return key?.Digest([]) ?? EmptyDigest;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(file.Length + 1, BufferSize));
        try
        {
            using var handle = File.OpenHandle(file.ReadPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
            long offset = 0;
            var filled = Fill(handle, buffer, ref offset);
            if (filled < buffer.Length)
            {
                return key?.Digest(buffer.AsSpan(0, filled)) ?? HashFormat.Format(SHA256.HashData(buffer.AsSpan(0, filled)));
            }

            using var sha = key?.CreateIncremental() ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            while (filled > 0)
            {
                ct.ThrowIfCancellationRequested();
                sha.AppendData(buffer, 0, filled);
                filled = Fill(handle, buffer, ref offset);
            }

            return key?.Format(sha.GetHashAndReset()) ?? HashFormat.Format(sha.GetHashAndReset());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DriftlessException(ErrorKind.InvalidInput, $"cannot read {file.LogicalPath}: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads until the buffer is full or the file ends; a short count means end of file.</summary>
    private static int Fill(Microsoft.Win32.SafeHandles.SafeFileHandle handle, byte[] buffer, ref long offset)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(filled), offset);
            if (read == 0)
            {
                break;
            }

            filled += read;
            offset += read;
        }

        return filled;
    }
}
