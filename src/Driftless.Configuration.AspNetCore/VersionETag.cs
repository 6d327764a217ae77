using System.Globalization;

namespace Driftless.Configuration.AspNetCore;

/// <summary>A document version as an HTTP entity tag: <c>"3"</c>.</summary>
internal static class VersionETag
{
    public static string Format(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Accepts exactly one quoted version, surrounding white space allowed.</summary>
    public static bool TryParse(string value, out long version)
    {
        var trimmed = value.Trim();
        version = 0;
        return trimmed.Length >= 3
            && trimmed[0] == '"'
            && trimmed[^1] == '"'
            && long.TryParse(trimmed.AsSpan(1, trimmed.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
