using System.Security.Cryptography;
using System.Text;
using Driftless.Core.Paths;

namespace Driftless.Agent.Watching;

/// <summary>
/// A cheap summary of what the polling fallback watches: per file (symlinks followed) its resolved path,
/// size, modification time and (device, inode). No content is read; a changed fingerprint only prompts the
/// content-hash check. The inode is there because file times tick with the kernel's coarse clock: a file
/// replaced by rename (an editor's save, rsync) with the same size within one tick would look unchanged.
/// </summary>
internal static class PathFingerprint
{
    private const int MaxDepth = 32;

    public static string Of(IEnumerable<WatchTarget> targets)
    {
        var text = new StringBuilder();
        foreach (var target in targets)
        {
            Append(text, target.FullPath, target.IsDirectory ? MaxDepth : 0);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, string path, int depth)
    {
        FileSystemInfo? resolved;
        try
        {
            var info = new FileInfo(path);
            resolved = info.LinkTarget is null ? info : File.ResolveLinkTarget(path, returnFinalTarget: true);
            if (resolved is null || !resolved.Exists && !Directory.Exists(resolved.FullName))
            {
                text.Append(path).Append("|missing\n");
                return;
            }

            if (Directory.Exists(resolved.FullName))
            {
                text.Append(path).Append("|dir|").Append(resolved.FullName).Append('\n');
                if (depth <= 0)
                {
                    return;
                }

                foreach (var entry in Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal))
                {
                    Append(text, entry, depth - 1);
                }

                return;
            }

            var file = new FileInfo(resolved.FullName);
            text.Append(path).Append('|').Append(resolved.FullName).Append('|').Append(file.Length)
                .Append('|').Append(file.LastWriteTimeUtc.Ticks);
            if (UnixFileStat.Identity(resolved.FullName) is { } identity)
            {
                text.Append('|').Append(identity.Device).Append(':').Append(identity.Inode);
            }

            text.Append('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text.Append(path).Append("|error|").Append(e.GetType().Name).Append('\n');
        }
    }
}
