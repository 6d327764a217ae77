using Driftless.Core.Errors;

namespace Driftless.Core.Registry;

/// <summary>Reads and validates a <c>driftless.yaml</c>.</summary>
/// <param name="environment">
/// Environment lookup for the <c>${VAR}</c> references (every one must be set at load time; values are not kept).
/// Default <see cref="Environment.GetEnvironmentVariable(string)"/>.
/// </param>
public sealed class RegistryLoader(Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <exception cref="RegistryException">
    /// The file is missing or unreadable, or invalid: then it carries every problem of the file, sorted by line (exit 65).
    /// </exception>
    public async Task<DriftlessRegistry> LoadAsync(string path, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);

        string text;
        try
        {
            text = await File.ReadAllTextAsync(fullPath, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var problem = e is FileNotFoundException or DirectoryNotFoundException
                ? "registry file not found"
                : $"cannot read the registry file: {e.Message}";
            throw new RegistryException(fullPath, 0, 0, null, problem, e);
        }

        return new RegistryParser(fullPath, _environment).Parse(text);
    }
}
