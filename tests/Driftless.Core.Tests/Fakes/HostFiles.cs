namespace Driftless.Core.Tests.Fakes;

/// <summary>
/// A temp directory on the real file system playing the Docker host: the registry's directory and its
/// input files. Writes come in the two ways that matter to a bind mount: in place (same inode, visible
/// through a single-file mount) and replaced by rename (new inode, as rsync and editors do).
/// </summary>
internal sealed class HostFiles : IDisposable
{
    public string Root { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "driftless-host-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    public string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>Writes in place: an existing file keeps its inode.</summary>
    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using (var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write))
        {
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
        }

        return path;
    }

    /// <summary>Writes a temp file beside it and renames it over the old one: a new inode at the same path.</summary>
    public string Replace(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..6];
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    public void Delete(string relative) => File.Delete(PathOf(relative));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
