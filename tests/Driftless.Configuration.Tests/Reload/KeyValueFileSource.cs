using System.Security.Cryptography;
using Driftless.Configuration.Sources;

namespace Driftless.Configuration.Tests.Reload;

/// <summary>
/// Test-only source: <c>key=value</c> lines. Fails like a real source must — missing file, empty file,
/// or a line <c>INVALID</c> — so the reloader tests do not depend on the concrete sources.
/// </summary>
internal sealed class KeyValueFileSource(string path) : IConfigSource
{
    private int _loads;

    public string Name => path;

    public IReadOnlyList<string> WatchedPaths => [path];

    public int Loads => Volatile.Read(ref _loads);

    /// <summary>Runs inside LoadAsync before reading; lets a test hold a load open.</summary>
    public Func<CancellationToken, Task>? BeforeLoad { get; set; }

    public async Task<ConfigSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loads);
        if (BeforeLoad is { } before)
        {
            await before(cancellationToken);
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigLoadException(path, 0, "file not found", ex);
        }

        if (bytes.Length == 0)
        {
            throw new ConfigLoadException(path, 0, "file is empty");
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line == "INVALID" || eq <= 0)
            {
                throw new ConfigLoadException(path, i + 1, "expected key=value");
            }

            values[line[..eq]] = line[(eq + 1)..];
        }

        return new ConfigSnapshot(values, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), path);
    }
}
