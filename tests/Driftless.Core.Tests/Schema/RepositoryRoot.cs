namespace Driftless.Core.Tests.Schema;

internal static class RepositoryRoot
{
    /// <summary>The directory holding Driftless.slnx, found by walking up from the test binaries.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Driftless.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Driftless.slnx not found above {AppContext.BaseDirectory}");
    }
}
