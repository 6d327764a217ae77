using System.Text.RegularExpressions;

namespace Driftless.Core.Doctor;

/// <summary><c>${VAR}</c> expansion for registry templates. Only the template is ever shown, never the values.</summary>
internal static partial class EnvironmentTemplate
{
    /// <returns>The expanded text, or null with the names of unset variables.</returns>
    public static string? Expand(string template, Func<string, string?> environment, out IReadOnlyList<string> missing)
    {
        var unset = new List<string>();
        var expanded = Variable().Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            var value = environment(name);
            if (value is null)
            {
                unset.Add(name);
                return string.Empty;
            }

            return value;
        });
        missing = unset;
        return unset.Count == 0 ? expanded : null;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
