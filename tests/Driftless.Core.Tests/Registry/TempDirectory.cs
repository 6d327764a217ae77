namespace Driftless.Core.Tests.Registry;

/// <summary>A fresh directory per test, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string? name = null)
    {
        var parent = Path.Combine(Path.GetTempPath(), "driftless-tests", Guid.NewGuid().ToString("N"));
        Root = name is null ? parent : Path.Combine(parent, name);
        Directory.CreateDirectory(Root);
        Owner = parent;
    }

    public string Root { get; }

    private string Owner { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string WriteBytes(string relative, byte[] content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Mkdir(string relative) => Directory.CreateDirectory(PathOf(relative)).FullName;

    public void Dispose()
    {
        RestorePermissions(Owner);
        Directory.Delete(Owner, recursive: true);
    }

    // Tests that chmod 000 must not leave an undeletable tree behind.
    private static void RestorePermissions(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is DirectoryInfo)
            {
                RestorePermissions(entry.FullName);
            }
            else
            {
                File.SetUnixFileMode(entry.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }
}
