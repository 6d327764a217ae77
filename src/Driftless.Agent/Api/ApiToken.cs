using System.Security.Cryptography;
using System.Text;

namespace Driftless.Agent.Api;

/// <summary>
/// The bearer token mutating endpoints require, or none when the registry configures none (those endpoints
/// then answer 403). Only a SHA-256 of the token is kept, and comparisons are constant-time over equal-length
/// digests, so neither content nor length leaks through timing. The token itself is never logged.
/// </summary>
public sealed class ApiToken
{
    private readonly byte[]? _digest;

    private ApiToken(byte[]? digest) => _digest = digest;

    /// <summary>No token configured: mutating endpoints are refused.</summary>
    public static ApiToken None { get; } = new(null);

    public bool IsConfigured => _digest is not null;

    public static ApiToken Of(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new ApiToken(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer &lt;the token&gt;</c>.</summary>
    public bool Accepts(string? authorization)
    {
        const string scheme = "Bearer ";
        if (_digest is null || authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(scheme.Length).Trim().ToString()));
        return CryptographicOperations.FixedTimeEquals(presented, _digest);
    }
}
