namespace Driftless.Configuration.Tests.Reload;

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("driftless-cfg-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

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
