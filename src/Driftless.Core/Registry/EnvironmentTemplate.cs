using System.Text.RegularExpressions;
using Driftless.Core.Errors;

namespace Driftless.Core.Registry;

// TEMPORARY stand-in until the h/reg3 branch lands (replaced on merge).
public static partial class EnvironmentTemplate
{
    public static string Expand(string template, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return Pattern().Replace(template, m => environment(m.Groups[1].Value)
            ?? throw new DriftlessException($"environment variable {m.Groups[1].Value} is not set", ExitCodes.InvalidInput));
    }

    public static IReadOnlyList<string> Variables(string template) =>
        Pattern().Matches(template).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Pattern();
}
