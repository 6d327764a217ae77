using System.Security.Cryptography;
using System.Text;

namespace Driftless.Agent.Watching;

/// <summary>
/// A cheap summary of what the polling fallback watches: per file (symlinks followed) its resolved path,
/// size and modification time. No content is read; a changed fingerprint only prompts the content-hash check.
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
                .Append('|').Append(file.LastWriteTimeUtc.Ticks).Append('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text.Append(path).Append("|error|").Append(e.GetType().Name).Append('\n');
        }
    }
}
