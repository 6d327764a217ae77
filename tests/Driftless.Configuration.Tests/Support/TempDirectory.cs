namespace Driftless.Configuration.Tests.Support;

/// <summary>A private temp directory per test, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("driftless-cfg-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string WriteBytes(string name, byte[] content)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Write to a temp file then rename over the target: how editors and config tools save atomically.</summary>
    public void WriteAtomically(string name, string content)
    {
        var temp = File(name + ".tmp-" + Guid.NewGuid().ToString("N"));
        System.IO.File.WriteAllText(temp, content);
        System.IO.File.Move(temp, File(name), overwrite: true);
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
    }
}
