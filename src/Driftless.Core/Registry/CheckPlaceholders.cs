using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Driftless.Core.Registry;

/// <summary>
/// The placeholders of a host check's argv (<c>check.where: host</c>), like confd's <c>check_cmd {{.src}}</c>:
/// <list type="bullet">
/// <item><c>{input}</c> — the host path of the service's only input (an error when it has several);</item>
/// <item><c>{input:N}</c> — the host path of its N-th input, counted from 1 in the order written: <c>inputs:</c>, then <c>secrets:</c>;</item>
/// <item><c>{inputs}</c> — as a whole argument only: every input's host path, each its own argument.</item>
/// </list>
/// <c>{{</c> and <c>}}</c> are a literal brace. A container check's argv is literal: it sees the inputs at the paths the
/// service mounts them, so a placeholder there is an error (<see cref="LooksLikePlaceholder"/>).
/// </summary>
public static partial class CheckPlaceholders
{
    /// <summary>The placeholder names, for suggestions.</summary>
    internal static readonly string[] Names = ["input", "inputs"];

    private const string Valid = "valid placeholders: {input}, {input:N}, {inputs}";

    /// <summary>The host paths put in place of the placeholders of <paramref name="argv"/> (validated at load).</summary>
    /// <exception cref="ArgumentException">A placeholder the loader would have rejected (a bug).</exception>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> argv, IReadOnlyList<InputSpec> inputs)
    {
        ArgumentNullException.ThrowIfNull(argv);
        ArgumentNullException.ThrowIfNull(inputs);
        var expanded = new List<string>(argv.Count);
        foreach (var argument in argv)
        {
            if (argument == "{inputs}")
            {
                expanded.AddRange(inputs.Select(input => input.FullPath));
                continue;
            }

            if (Problem(argument, inputs.Count) is { } problem)
            {
                throw new ArgumentException(problem, nameof(argv));
            }

            var text = new StringBuilder(argument.Length);
            // Index 0 is {input}: the only input, which Problem has made sure of.
            Walk(argument, literal => text.Append(literal), index => text.Append(inputs[index == 0 ? 0 : index - 1].FullPath));
            expanded.Add(text.ToString());
        }

        return expanded;
    }

    /// <summary>What is wrong with one argument of a host check; null when nothing is.</summary>
    /// <param name="argument">The argument as written.</param>
    /// <param name="inputCount">How many inputs the service declares.</param>
    internal static string? Problem(string argument, int inputCount)
    {
        if (argument == "{inputs}")
        {
            return null;
        }

        var indexes = new List<int>();
        if (Walk(argument, _ => { }, indexes.Add) is { } syntax)
        {
            return syntax;
        }

        foreach (var index in indexes)
        {
            if (index == 0 && inputCount != 1)
            {
                return $"{{input}} names the service's only input, but it has {inputCount}; name one as {{input:N}} (N from 1 to {inputCount}, in the order written)";
            }

            if (index > inputCount)
            {
                return $"{{input:{index}}} names input {index}, but the service has {inputCount} (counted from 1: inputs, then secrets)";
            }
        }

        return null;
    }

    /// <summary>True when a container check's argument holds what would be a placeholder on the host.</summary>
    internal static bool LooksLikePlaceholder(string argument) => PlaceholderLike().IsMatch(argument);

    /// <summary>
    /// Splits <paramref name="argument"/> into literal text and placeholders (index 0: <c>{input}</c>, N: <c>{input:N}</c>);
    /// the first syntax problem, or null. Whether an index exists is the caller's to judge.
    /// </summary>
    private static string? Walk(string argument, Action<string> literal, Action<int> placeholder)
    {
        var i = 0;
        while (i < argument.Length)
        {
            var c = argument[i];
            if ((c == '{' || c == '}') && i + 1 < argument.Length && argument[i + 1] == c)
            {
                literal(c.ToString());
                i += 2;
                continue;
            }

            if (c == '}')
            {
                return "a lone '}' (write }} for a literal brace)";
            }

            if (c != '{')
            {
                literal(c.ToString());
                i++;
                continue;
            }

            var close = argument.IndexOf('}', i + 1);
            if (close < 0)
            {
                return "a '{' that no '}' closes (write {{ for a literal brace)";
            }

            var name = argument[(i + 1)..close];
            if (ParseIndex(name) is not { } index)
            {
                return UnknownPlaceholder(name);
            }

            placeholder(index);
            i = close + 1;
        }

        return null;
    }

    private static string UnknownPlaceholder(string name)
    {
        var shown = RegistryText.Value(name);
        if (name == "inputs")
        {
            return "{inputs} stands for several arguments, so it must be a whole argument on its own";
        }

        if (name.StartsWith("input:", StringComparison.Ordinal))
        {
            return $"invalid placeholder '{{{shown}}}': N in {{input:N}} is a number from 1";
        }

        var hint = KeySuggester.Suggest(name, Names) is { } close ? $" (did you mean '{{{close}}}'?)" : string.Empty;
        return $"unknown placeholder '{{{shown}}}'; {Valid}{hint}; write {{{{ for a literal brace";
    }

    /// <summary>0 for <c>input</c>, N for <c>input:N</c> (N from 1, no leading zero); null for anything else.</summary>
    private static int? ParseIndex(string name)
    {
        if (name == "input")
        {
            return 0;
        }

        const string prefix = "input:";
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = name[prefix.Length..];
        return digits.Length is > 0 and <= 6 && digits[0] != '0' && digits.All(char.IsAsciiDigit)
            ? int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
    }

    [GeneratedRegex(@"\{inputs?(:[^{}]*)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderLike();
}
