using Driftless.Agent.Api;
using Driftless.Core.Errors;
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
    /// <exception cref="DriftlessException">The file cannot be read, or the file or variable is empty (exit 65).</exception>
    public static ApiToken Read(AgentSettings settings, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        if (settings.TokenFile is { } file)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DriftlessException(ErrorKind.InvalidInput, $"cannot read agent.token_file {file}: {e.Message}", e);
            }

            var token = text.Trim();
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
}
