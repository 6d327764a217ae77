using System.Text;
using Driftless.Core.Errors;

namespace Driftless.Core.Registry;

/// <summary>
/// <c>${NAME}</c> templates in <c>reload.url</c>, <c>reload.headers</c>, <c>verify.http.url</c>, <c>verify.http.headers</c>
/// and <c>managed.env</c>. NAME is <c>[A-Za-z_][A-Za-z0-9_]*</c>; a <c>$</c> not followed by <c>{</c> is literal. The registry
/// keeps templates, not values: they are expanded only when a request is made (managed env: at load, into the container's
/// spec), and a message shows the template, never the value (SECRETS_SHOW_TEMPLATES, docs/design.md).
/// </summary>
internal static class EnvironmentTemplate
{
    /// <summary>Replaces every <c>${NAME}</c> with the variable's value.</summary>
    /// <param name="template">The template.</param>
    /// <param name="environment">Variable lookup; default <see cref="Environment.GetEnvironmentVariable(string)"/>. Null means unset.</param>
    /// <exception cref="DriftlessException">A variable is not set, or the template is malformed (exit 65). The message names the variable, never a value.</exception>
    public static string Expand(string template, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        environment ??= Environment.GetEnvironmentVariable;
        var builder = new StringBuilder(template.Length);
        var literalStart = 0;
        foreach (var token in Scan(template))
        {
            builder.Append(template, literalStart, token.Start - literalStart);
            builder.Append(environment(token.Name)
                ?? throw new DriftlessException(ErrorKind.InvalidInput, $"environment variable {token.Name} is not set"));
            literalStart = token.End;
        }

        builder.Append(template, literalStart, template.Length - literalStart);
        return builder.ToString();
    }

    /// <summary>The variables a template references, each once, in order of first use.</summary>
    /// <exception cref="DriftlessException">The template is malformed (exit 65).</exception>
    public static IReadOnlyList<string> Variables(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Scan(template).Select(token => token.Name).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Like <see cref="Variables"/>, but reports a malformed template instead of throwing. The problem never quotes the template.</summary>
    internal static bool TryGetVariables(string template, out IReadOnlyList<string> variables, out string? problem)
    {
        try
        {
            variables = Variables(template);
            problem = null;
            return true;
        }
        catch (DriftlessException e)
        {
            variables = [];
            problem = e.Message;
            return false;
        }
    }

    private static List<Token> Scan(string template)
    {
        var tokens = new List<Token>();
        var i = 0;
        while ((i = template.IndexOf("${", i, StringComparison.Ordinal)) >= 0)
        {
            var close = template.IndexOf('}', i + 2);
            if (close < 0)
            {
                throw Malformed($"'${{' at character {i + 1} is not closed by '}}'");
            }

            var name = template[(i + 2)..close];
            if (!IsValidName(name))
            {
                throw Malformed(name.Length == 0
                    ? $"no variable name at character {i + 1}"
                    : $"invalid variable name at character {i + 1}");
            }

            tokens.Add(new Token(i, close + 1, name));
            i = close + 1;
        }

        return tokens;
    }

    private static bool IsValidName(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static DriftlessException Malformed(string problem) =>
        new(ErrorKind.InvalidInput, $"malformed ${{NAME}} reference: {problem}; a variable is written ${{NAME}}, NAME made of letters, digits and '_', not starting with a digit");

    private readonly record struct Token(int Start, int End, string Name);
}
