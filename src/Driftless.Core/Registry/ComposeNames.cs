using System.Text;
using System.Text.RegularExpressions;

namespace Driftless.Core.Registry;

/// <summary>Naming rules shared with docker compose and the engine.</summary>
internal static partial class ComposeNames
{
    /// <summary>As compose-go's NormalizeProjectName: lowercase, keep [a-z0-9_-], drop leading '_' and '-'.</summary>
    public static string NormalizeProjectName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-')
            {
                builder.Append(c);
            }
        }

        return builder.ToString().TrimStart('_', '-');
    }

    public static bool IsValidProjectName(string name) => ProjectName().IsMatch(name);

    public static bool IsValidServiceName(string name) => ServiceName().IsMatch(name);

    public static bool IsValidContainerName(string name) => ContainerName().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectName();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceName();

    // The engine's own rule (validContainerNamePattern): at least two characters.
    [GeneratedRegex(@"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerName();
}
