using System.Reflection;

namespace Driftless.Core.Tests.Registry;

/// <summary>
/// Every registry test case in one table: a document and its verdict. The parity test runs each through the parser and
/// the JSON schema and requires the same verdict; the Registry tests load their documents from here and check what else
/// matters to them (the message, the position, the model). A case is a public static field (its name is the field's), or
/// a row of a family (a public static array; its name is <c>Family: label</c>).
/// </summary>
internal static partial class RegistryCases
{
    private static readonly Lazy<IReadOnlyDictionary<string, RegistryCase>> Table = new(Collect);

    public static IEnumerable<RegistryCase> All => Table.Value.Values;

    public static RegistryCase Get(string name) => Table.Value[name];

    /// <summary>Every case's name, for the parity test's <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names() => new(Table.Value.Keys);

    /// <summary>The names of one family's rows, for a test's <c>[MemberData]</c>.</summary>
    public static TheoryData<string> NamesOf(string family)
    {
        var rows = (RegistryCase[])typeof(RegistryCases).GetField(family, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return new(rows.Select(row => $"{family}: {row.Name}"));
    }

    /// <summary>
    /// The environment of every case unless it brings its own: the variables the samples reference, and <c>EMPTY</c> set to
    /// the empty string. Every other name is unset.
    /// </summary>
    public static string? Environment(string name) =>
        RegistrySamples.InPlaceEnvironment(name) ?? RegistrySamples.ManagedEnvironment(name) ?? (name == "EMPTY" ? string.Empty : null);

    /// <summary>The files the cases name: <c>a.conf</c>, the samples' inputs and a compose file.</summary>
    public static void CreateInputs(TempDirectory dir)
    {
        dir.Write("a.conf", "x");
        RegistrySamples.CreateInputs(dir);
        RegistrySamples.CreateManagedInputs(dir);
    }

    /// <summary>One service <c>alloy</c> (line 3) with <c>inputs: [a.conf]</c> (line 4); <paramref name="lines"/> start at line 5, indented under it.</summary>
    public static string Alloy(params string[] lines) => Service("alloy", lines);

    /// <summary>As <see cref="Alloy"/>, for a service <c>gw</c>.</summary>
    public static string Gw(params string[] lines) => Service("gw", lines);

    /// <summary><c>version: 1</c> on line 1, <paramref name="lines"/> from line 2, then one service <c>gw</c> with <c>inputs: [a.conf]</c>.</summary>
    public static string Top(params string[] lines) =>
        "version: 1\n" + string.Concat(lines.Select(line => line + "\n")) + "services:\n  gw:\n    inputs: [a.conf]\n";

    private static string Service(string name, string[] lines) =>
        $"version: 1\nservices:\n  {name}:\n    inputs: [a.conf]\n" + string.Concat(lines.Select(line => $"    {line}\n"));

    private static RegistryCase Valid(string yaml, string? expect = null, string label = "") =>
        new(yaml, IsValid: true, KeyPath: null, expect) { Name = label };

    private static RegistryCase Invalid(string? keyPath, string yaml, string? expect = null, string label = "") =>
        new(yaml, IsValid: false, keyPath, expect) { Name = label };

    private static Dictionary<string, RegistryCase> Collect()
    {
        var table = new Dictionary<string, RegistryCase>(StringComparer.Ordinal);
        foreach (var field in typeof(RegistryCases).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var cases = field.GetValue(null) switch
            {
                RegistryCase single => [single with { Name = field.Name }],
                RegistryCase[] family => family.Select(row => row with { Name = $"{field.Name}: {row.Name}" }),
                _ => Enumerable.Empty<RegistryCase>(),
            };

            foreach (var @case in cases)
            {
                if (!table.TryAdd(@case.Name, @case))
                {
                    throw new InvalidOperationException($"two registry cases are named '{@case.Name}'");
                }
            }
        }

        return table;
    }
}
