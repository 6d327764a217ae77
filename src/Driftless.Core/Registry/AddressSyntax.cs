using System.Text.RegularExpressions;

namespace Driftless.Core.Registry;

/// <summary>
/// Addresses as the registry accepts them in <c>agent.listen</c> and <c>managed.ports</c>. Written as patterns, not left
/// to <c>Uri.CheckHostName</c> or <c>IPAddress.TryParse</c> (which also take zone ids, non-ASCII names and labels ending
/// in '-'), so that <c>schema/driftless.schema.json</c> holds the very same patterns (a test compares them).
/// </summary>
internal static partial class AddressSyntax
{
    /// <summary>Four dot-separated numbers 0-255, leading zeros allowed (not the legacy short forms such as <c>127.1</c>).</summary>
    public const string IPv4Pattern = $"({Octet}\\.){{3}}{Octet}";

    /// <summary>RFC 3986 <c>IPv6address</c>: no zone id; the embedded IPv4 part as <see cref="IPv4Pattern"/>.</summary>
    public const string IPv6Pattern =
        $"(({H16}:){{6}}{Ls32}|::({H16}:){{5}}{Ls32}|({H16})?::({H16}:){{4}}{Ls32}|(({H16}:)?{H16})?::({H16}:){{3}}{Ls32}"
        + $"|(({H16}:){{0,2}}{H16})?::({H16}:){{2}}{Ls32}|(({H16}:){{0,3}}{H16})?::{H16}:{Ls32}|(({H16}:){{0,4}}{H16})?::{Ls32}"
        + $"|(({H16}:){{0,5}}{H16})?::{H16}|(({H16}:){{0,6}}{H16})?::)";

    /// <summary>Dot-separated labels of ASCII letters, digits, '_' and '-' (not at a label's ends), not made of digits and dots only.</summary>
    public const string HostNamePattern = $"(?![0-9.]+:){Label}(\\.{Label})*";

    /// <summary>1-65535, leading zeros allowed (as <c>int.Parse</c> reads it).</summary>
    public const string PortPattern = "0*([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

    private const string Octet = "([01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])";
    private const string H16 = "[0-9A-Fa-f]{1,4}";
    private const string Ls32 = $"({H16}:{H16}|{IPv4Pattern})";
    private const string Label = "[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?";

    public static bool IsIPv4(string text) => IPv4().IsMatch(text);

    public static bool IsIPv6(string text) => IPv6().IsMatch(text);

    /// <summary>A host name; text made of digits and dots only is an IPv4 address or nothing.</summary>
    public static bool IsHostName(string text) => !text.All(c => char.IsAsciiDigit(c) || c == '.') && HostName().IsMatch(text);

    [GeneratedRegex($"^{IPv4Pattern}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();

    [GeneratedRegex($"^{IPv6Pattern}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IPv6();

    // The lookahead of HostNamePattern needs the ':' that follows a host in the schema; here the host stands alone.
    [GeneratedRegex($"^{Label}(\\.{Label})*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
