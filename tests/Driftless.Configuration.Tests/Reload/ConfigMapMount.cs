using System.Runtime.InteropServices;

namespace Driftless.Configuration.Tests.Reload;

/// <summary>Lays out a directory the way the kubelet mounts a ConfigMap: <c>app.conf → ..data/app.conf</c>, <c>..data → ..data_vN</c>.</summary>
internal static partial class ConfigMapMount
{
    public static void Create(TempDirectory dir, string version, string content)
    {
        WriteVersion(dir, version, content);
        File.CreateSymbolicLink(dir.File("..data"), "..data_" + version);
        File.CreateSymbolicLink(dir.File("app.conf"), Path.Combine("..data", "app.conf"));
    }

    /// <summary>The kubelet's atomic swap: a new link under a temp name, renamed over <c>..data</c>, old version removed.</summary>
    public static void Swap(TempDirectory dir, string version, string content)
    {
        var old = new FileInfo(dir.File("..data")).LinkTarget!;
        WriteVersion(dir, version, content);
        File.CreateSymbolicLink(dir.File("..data_tmp"), "..data_" + version);
        // File.Move follows the link to a directory and refuses; the kubelet uses rename(2) on the link itself.
        if (Rename(dir.File("..data_tmp"), dir.File("..data")) != 0)
        {
            throw new IOException($"rename failed: errno {Marshal.GetLastPInvokeError()}");
        }

        Directory.Delete(dir.File(old), recursive: true);
    }

    private static void WriteVersion(TempDirectory dir, string version, string content)
    {
        var versionDir = Directory.CreateDirectory(dir.File("..data_" + version));
        File.WriteAllText(Path.Combine(versionDir.FullName, "app.conf"), content);
    }

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string oldPath, string newPath);
}
