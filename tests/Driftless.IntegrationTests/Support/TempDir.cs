namespace Driftless.IntegrationTests.Support;

/// <summary>A fresh directory under /tmp (a real path, bind-mountable), deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "dlt")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    public string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    /// <summary>Writes a file (creating its directories) and returns its absolute path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = File(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Replaces a file the way rsync and editors do: write a temp file, rename over (new inode).</summary>
    public string ReplaceAtomically(string relativePath, string content)
    {
        var path = File(relativePath);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        System.IO.File.WriteAllText(temporary, content);
        System.IO.File.Move(temporary, path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
