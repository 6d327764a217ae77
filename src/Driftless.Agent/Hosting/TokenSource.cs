using System.Globalization;
using System.Text;
using Driftless.Agent.Api;
using Driftless.Core.Errors;
using Driftless.Core.Paths;
using Driftless.Core.Registry;

namespace Driftless.Agent.Hosting;

/// <summary>
/// Reads the API token once at start-up from <c>agent.token_file</c> (trimmed) or the environment variable
/// named by <c>agent.token_env</c>. A configured source that yields nothing is an error, not "no token":
/// silently dropping to an unauthenticated agent would be the wrong failure. Rotating the token means
/// restarting the agent.
/// </summary>
public static class TokenSource
{
    /// <summary>The largest token file read: a bearer token is a line, and <c>/dev/zero</c> must not fill memory.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <exception cref="DriftlessException">
    /// The file cannot be read, is not a regular file (after symlinks), is larger than <see cref="MaxFileBytes"/>,
    /// or the file or variable is empty (exit 65).
    /// </exception>
    public static ApiToken Read(AgentSettings settings, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        if (settings.TokenFile is { } file)
        {
            var token = ReadFile(file).Trim();
            return token.Length > 0
                ? ApiToken.Of(token)
                : throw new DriftlessException(ErrorKind.InvalidInput, $"agent.token_file {file} is empty");
        }

        if (settings.TokenEnv is { } variable)
        {
            var token = environment(variable)?.Trim();
            return string.IsNullOrEmpty(token)
                ? throw new DriftlessException(
                    ErrorKind.InvalidInput,
                    $"agent.token_env names the environment variable {variable}, which is not set or empty")
                : ApiToken.Of(token);
        }

        return ApiToken.None;
    }

    private static string ReadFile(string file)
    {
        // Checked before opening: opening a FIFO blocks until a writer comes, and a device never ends.
        if (UnixFileStat.TryGet(file, followSymlinks: true, out var status) && !status.IsRegularFile)
        {
            throw new DriftlessException(
                ErrorKind.InvalidInput,
                $"agent.token_file {file} is not a regular file ({status.TypeNameWithArticle}): put the token in a file");
        }

        byte[] bytes;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            bytes = ReadAtMost(stream, MaxFileBytes + 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DriftlessException(ErrorKind.InvalidInput, $"cannot read agent.token_file {file}: {e.Message}", e);
        }

        if (bytes.Length > MaxFileBytes)
        {
            throw new DriftlessException(
                ErrorKind.InvalidInput,
                string.Create(CultureInfo.InvariantCulture, $"agent.token_file {file} is larger than {MaxFileBytes / 1024} KiB: it must hold only the token"));
        }

        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static byte[] ReadAtMost(Stream stream, int limit)
    {
        var buffer = new byte[limit];
        var total = 0;
        while (total < limit)
        {
            var read = stream.Read(buffer, total, limit - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return buffer[..total];
    }
}
