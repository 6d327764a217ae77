using System.Diagnostics.CodeAnalysis;
using Driftless.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary>
/// Collecting errors. A value's readers throw at its first problem (<see cref="Error"/>): a second problem found in the
/// same value would only restate the first. The boundary that read the value (<see cref="Read{T}"/>,
/// <see cref="Optional{T}"/>, <see cref="ReadItems{T}"/>) records the problem and goes on with the value's siblings.
/// </summary>
internal sealed partial class RegistryParser
{
    /// <summary>The most problems one message lists; a last line counts the rest.</summary>
    internal const int MaxReportedErrors = 20;

    private readonly List<RegistryError> _errors = [];

    /// <summary>The value read by <paramref name="read"/>, or <paramref name="fallback"/> when it is invalid (the problem is recorded).</summary>
    private T Read<T>(YamlNode node, string path, Func<YamlNode, string, T> read, T fallback) =>
        TryRead(() => read(node, path), out var value) ? value : fallback;

    /// <summary>The value of <paramref name="key"/> read by <paramref name="read"/>; <paramref name="fallback"/> when the key is absent or its value invalid.</summary>
    private T Optional<T>(Mapping map, string? parent, string key, Func<YamlNode, string, T> read, T fallback) =>
        map.TryGetValue(key, out var entry) ? Read(entry.Value, Child(parent, key), read, fallback) : fallback;

    /// <summary>As <see cref="Optional{T}"/>, for readers that also need the key (to place a "missing required key" inside the value).</summary>
    private T OptionalEntry<T>(Mapping map, string? parent, string key, Func<Entry, string, T> read, T fallback) =>
        map.TryGetValue(key, out var entry) && TryRead(() => read(entry, Child(parent, key)), out var value) ? value : fallback;

    /// <summary>Each item read on its own, so every bad item is reported; the good ones are returned.</summary>
    private List<T> ReadItems<T>(YamlSequenceNode list, string path, Func<YamlNode, string, T> read)
    {
        var items = new List<T>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemPath = $"{path}[{i}]";
            if (TryRead(() => read(item, itemPath), out var value))
            {
                items.Add(value);
            }
        }

        return items;
    }

    private bool TryRead<T>(Func<T> read, [MaybeNullWhen(false)] out T value)
    {
        try
        {
            value = read();
            return true;
        }
        catch (InvalidValue e)
        {
            _errors.Add(e.Error);
            value = default;
            return false;
        }
    }

    private void Report(YamlNode node, string? keyPath, string problem) => _errors.Add(At(node, keyPath, problem));

    /// <summary>The problem that ends the value being read; see the type's remarks.</summary>
    private InvalidValue Error(YamlNode node, string? keyPath, string problem) => new(At(node, keyPath, problem));

    /// <summary>A problem that makes the rest of the file meaningless to check: it is reported alone.</summary>
    private RegistryException Alone(YamlNode node, string? keyPath, string problem) => new([At(node, keyPath, problem)]);

    private void ThrowIfAnyError()
    {
        if (_errors.Count == 0)
        {
            return;
        }

        var sorted = _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        if (sorted.Count <= MaxReportedErrors)
        {
            throw new RegistryException(sorted);
        }

        // A file with thousands of mistakes is a wrong file, not thousands of fixes: the first ones say so.
        var more = sorted[MaxReportedErrors];
        var summary = more with { KeyPath = null, Problem = $"and {sorted.Count - MaxReportedErrors} more problems (only the first {MaxReportedErrors} are listed)" };
        throw new RegistryException([.. sorted.Take(MaxReportedErrors), summary]);
    }

    private RegistryError At(YamlNode node, string? keyPath, string problem) => At(node.Start, keyPath, problem);

    /// <summary>Every error is made here: the file, key path and problem each a single line of bounded length.</summary>
    private RegistryError At(Mark start, string? keyPath, string problem) =>
        new(
            _shownFile,
            (int)Math.Min(start.Line, int.MaxValue),
            (int)Math.Min(start.Column, int.MaxValue),
            keyPath is null ? null : RegistryText.Line(keyPath, RegistryText.MaxKeyPathLength),
            RegistryText.Line(problem, RegistryText.MaxProblemLength));

    /// <summary>
    /// The mapping's entries under the keys valid at its place. An unknown key is reported here; a valid key it looks like a
    /// misspelling of is only <em>suspected</em> absent, so its absence is not reported as well.
    /// </summary>
    private Mapping ReadMapping(YamlMappingNode node, string? path, string[] validKeys)
    {
        var map = new Mapping();
        foreach (var (keyNode, valueNode) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalar || IsNull(scalar))
            {
                Report(keyNode, path, $"keys must be strings, not {Describe(keyNode)}");
            }
            else if (!validKeys.Contains(key, StringComparer.Ordinal))
            {
                Report(keyNode, Child(path, key), $"unknown key '{RegistryText.Value(key)}'; {KeySuggester.Hint(key, validKeys, "keys")}");
                map.Suspect(KeySuggester.Suggest(key, validKeys));
            }
            else
            {
                map.Add(key, new Entry(keyNode, valueNode));
            }
        }

        return map;
    }

    private readonly record struct Entry(YamlNode Key, YamlNode Value);

    private sealed class Mapping
    {
        private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        private readonly HashSet<string> _suspected = new(StringComparer.Ordinal);

        public bool TryGetValue(string key, out Entry entry) => _entries.TryGetValue(key, out entry);

        public bool ContainsKey(string key) => _entries.ContainsKey(key);

        /// <summary>Absent for certain: not written, and no unknown key of this mapping looks like a misspelling of it.</summary>
        public bool IsMissing(string key) => !_entries.ContainsKey(key) && !_suspected.Contains(key);

        public void Add(string key, Entry entry) => _entries[key] = entry;

        public void Suspect(string? key)
        {
            if (key is not null)
            {
                _suspected.Add(key);
            }
        }
    }

    /// <summary>Ends the reading of one value; caught where the value was asked for, never outside the parser.</summary>
    private sealed class InvalidValue(RegistryError error) : Exception(error.ToString())
    {
        public RegistryError Error { get; } = error;
    }
}
