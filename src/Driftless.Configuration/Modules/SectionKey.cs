namespace Driftless.Configuration.Modules;

/// <summary>Configuration keys relative to a section.</summary>
/// <remarks>Also compiled into Driftless.Configuration.AspNetCore, so the rule exists once without exposing it.</remarks>
internal static class SectionKey
{
    /// <summary>Whether <paramref name="key"/> is <paramref name="section"/> itself or lies under <c>section:</c>; case-insensitive.</summary>
    public static bool IsUnder(string key, string section) =>
        key.StartsWith(section, StringComparison.OrdinalIgnoreCase)
        && (key.Length == section.Length || key[section.Length] == ':');
}
