namespace Driftless.Core.Registry;

/// <summary>Finds the valid key (or value) a typo most likely meant.</summary>
internal static class KeySuggester
{
    /// <summary>No text longer than this is a typo of a key; comparing it would only cost time (quadratic in its length).</summary>
    internal const int MaxTypoLength = 64;

    public static string? Suggest(string unknown, IReadOnlyList<string> valid)
    {
        if (unknown.Length > MaxTypoLength)
        {
            return null;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in valid)
        {
            var distance = Levenshtein(unknown, candidate);
            var close = distance <= 2 || SharesPrefix(unknown, candidate);
            if (close && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>"did you mean 'x'?" when a close key exists, else the list of valid ones.</summary>
    public static string Hint(string unknown, IReadOnlyList<string> valid, string noun) =>
        Suggest(unknown, valid) is { } suggestion
            ? $"did you mean '{suggestion}'?"
            : $"valid {noun}: {string.Join(", ", valid)}";

    private static bool SharesPrefix(string a, string b)
    {
        var common = 0;
        while (common < a.Length && common < b.Length && char.ToLowerInvariant(a[common]) == char.ToLowerInvariant(b[common]))
        {
            common++;
        }

        // A full short prefix ("stop" for "stop_grace") or a long common stem ("verification" for "verify").
        return common >= 4 || (common >= 3 && common == Math.Min(a.Length, b.Length));
    }

    internal static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
