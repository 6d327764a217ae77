using System.Globalization;

namespace Driftless.IntegrationTests.Support;

/// <summary>
/// A mount over a test directory — a tiny tmpfs (a disk that fills up), a bind mount made read-only — undone on
/// dispose. Tests run as root, where <c>chmod</c> makes nothing read-only: a read-only mount is the real thing.
/// </summary>
public sealed class Mount : IAsyncDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    private Mount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Why mounts cannot be made here (not root, no CAP_SYS_ADMIN), or null when they can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>A tmpfs of <paramref name="bytes"/> over <paramref name="path"/> (created when missing).</summary>
    public static async Task<Mount> TmpfsAsync(string path, long bytes)
    {
        Directory.CreateDirectory(path);
        await Cmd.RunCheckedAsync(["mount", "-t", "tmpfs", "-o", "size=" + bytes.ToString(CultureInfo.InvariantCulture), "tmpfs", path]);
        return new Mount(path);
    }

    /// <summary><paramref name="path"/> bound over itself, read-only: its files stay, nothing can be written through it.</summary>
    public static async Task<Mount> ReadOnlyAsync(string path)
    {
        await Cmd.RunCheckedAsync(["mount", "--bind", path, path]);
        var mount = new Mount(path);
        try
        {
            await Cmd.RunCheckedAsync(["mount", "-o", "remount,bind,ro", path]);
        }
        catch
        {
            await mount.DisposeAsync();
            throw;
        }

        return mount;
    }

    /// <summary>Free bytes on the mount, as <c>statvfs</c> tells an unprivileged writer.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Writes a file that leaves about <paramref name="leave"/> bytes free.</summary>
    public void FillLeaving(string fileName, long leave)
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, fileName), FileMode.Create);
        var chunk = new byte[4096];
        while (FreeBytes > leave + chunk.Length)
        {
            filler.Write(chunk);
            filler.Flush();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Lazy: a process the test started may still hold a file open; the mount goes as soon as it lets go.
        await Cmd.RunAsync(["umount", "-l", Path]);
    }

    private static string? Probe()
    {
        var path = Directory.CreateTempSubdirectory("dlt-mount-probe-").FullName;
        try
        {
            var mounted = Cmd.RunAsync(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", path]).GetAwaiter().GetResult();
            if (mounted.ExitCode != 0)
            {
                return $"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): {mounted.Stderr.Trim()}";
            }

            Cmd.RunAsync(["umount", path]).GetAwaiter().GetResult();
            return null;
        }
        finally
        {
            Directory.Delete(path);
        }
    }
}

/// <summary>A fact that needs <see cref="Mount"/>: skipped, saying why, where mounts cannot be made.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (Mount.WhyUnavailable is { } why)
        {
            Skip = why;
        }
    }
}

/// <summary>A theory that needs <see cref="Mount"/>: skipped, saying why, where mounts cannot be made.</summary>
public sealed class MountTheoryAttribute : TheoryAttribute
{
    public MountTheoryAttribute()
    {
        if (Mount.WhyUnavailable is { } why)
        {
            Skip = why;
        }
    }
}
