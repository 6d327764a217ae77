using System.Globalization;
using System.Text;

namespace Driftless.IntegrationTests.Fuzz;

/// <summary>Sizes, nesting, aliases: the cases that once took seconds, gigabytes or the whole stack.</summary>
public static partial class RegistryFuzzCorpus
{
    private const int OneMiB = 1024 * 1024;

    private static void Sizes(Random random, Action<string, string, bool> add)
    {
        // Over the size cap: never read whole.
        foreach (var size in new[] { OneMiB + 1, 5 * OneMiB, 50 * OneMiB, OneMiB + random.Next(1, 4 * OneMiB) })
        {
            add("size-over-cap", Head.Replace("fuzz", new string('p', size), StringComparison.Ordinal) + ValidService, true);
        }

        // Huge scalars under the cap, at places that quote them in messages.
        var big = 900_000;
        add("size-huge-project", "version: 1\nproject: " + new string('P', big) + "\n" + ValidService, true);
        add("size-huge-key", Head + new string('k', big) + ": 1\n" + ValidService, true);
        add("size-huge-apply", Head + ValidService + "    apply: " + new string('a', big) + "\n", true);
        add("size-huge-input", Head + "services:\n  web:\n    inputs: [" + new string('i', big) + "]\n", true);
        add("size-huge-service", Head + "services:\n  " + new string('s', big) + ":\n    inputs: [a.conf]\n", true);
        add("size-huge-quoted", Head + ValidService + "    apply: \"" + string.Concat(Enumerable.Repeat("\\x1b[31m", big / 8)) + "\"\n", true);
        add("size-huge-multiline", Head + ValidService + "    apply: |\n" + string.Concat(Enumerable.Repeat("      line\n", big / 11)), true);

        // Long names just over their caps.
        foreach (var length in new[] { 64, 65, 255, 4096 })
        {
            add("size-long-project", "version: 1\nproject: " + new string('p', length) + "\n" + ValidService, true);
            add("size-long-service", Head + "services:\n  " + new string('s', length) + ":\n    inputs: [a.conf]\n", true);
        }

        add("size-long-container", Head + ValidService + "    container: " + new string('c', 254) + "\n", true);

        // Many nodes and many keys.
        add("size-many-items", Head + "services: [" + string.Join(",", Enumerable.Repeat("1", 100_001)) + "]\n", true);
        add("size-many-keys", Head + string.Concat(Enumerable.Range(0, 60_000).Select(i => $"k{i}: 1\n")) + ValidService, true);
        add("size-many-unknown-keys", Head + string.Concat(Enumerable.Range(0, 3_000).Select(i => $"k{i}: 1\n")) + ValidService, false);
        add("size-many-services", Head + "services:\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => $"  s{i}: {{inputs: [gone{i}.conf]}}\n")), false);
        add("size-many-documents", string.Concat(Enumerable.Repeat("---\na: 1\n", 60_000)), true);
    }

    private static void Nesting(Random random, Action<string, string, bool> add)
    {
        foreach (var depth in new[] { 33, 100, 1_000, 20_000, 50_000, 100_000 }.Concat(Enumerable.Range(0, 6).Select(_ => random.Next(33, 100_000))))
        {
            add("nesting-flow-lists", Head + "services: " + new string('[', depth) + new string(']', depth) + "\n", true);
        }

        foreach (var depth in new[] { 40, 5_000, 50_000, random.Next(33, 60_000) })
        {
            add("nesting-flow-maps", Head + "x: " + string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth) + "\n" + ValidService, true);
            add("nesting-flow-unclosed", Head + "services: " + new string('[', depth) + "\n", true);
        }

        foreach (var depth in new[] { 33, 60, 200, random.Next(33, 400) })
        {
            var yaml = new StringBuilder(Head);
            for (var level = 0; level < depth; level++)
            {
                yaml.Append(' ', level).Append("k:\n");
            }

            add("nesting-block", yaml.ToString(), true);
        }

        add("nesting-mixed", Head + "services: " + string.Concat(Enumerable.Repeat("[{a: ", 20_000)) + "1" + string.Concat(Enumerable.Repeat("}]", 20_000)) + "\n", true);
        add("nesting-in-service", Head + "services:\n  web:\n    inputs: [a.conf]\n    verify: " + new string('[', 40_000) + "\n", true);
    }

    private static void Aliases(Random random, Action<string, string, bool> add)
    {
        for (var i = 0; i < 12; i++)
        {
            // Always past the node budget: width^levels of at least a million.
            var width = random.Next(5, 21);
            var levels = (int)Math.Ceiling(6 / Math.Log10(width)) + random.Next(0, 4);
            var yaml = new StringBuilder(Head).Append("l0: &l0 [").Append(string.Join(", ", Enumerable.Repeat("lol", width))).Append("]\n");
            for (var level = 1; level < levels; level++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", width))}]\n");
            }

            add("alias-bomb", yaml.Append(CultureInfo.InvariantCulture, $"services:\n  web:\n    inputs: [*l{levels - 1}]\n").ToString(), true);
        }

        string[] documents =
        [
            Head + "services: &s\n  web: *s\n", Head + "services: &s\n  web:\n    inputs: *s\n", Head + "a: &a [*a]\n" + ValidService,
            Head + "services:\n  web: *later\nlater: &later {inputs: [a.conf]}\n", Head + "project: *nope\n" + ValidService,
            Head + "services:\n  web:\n    inputs: [*nowhere]\n", Head + "services:\n  *k : {inputs: [a.conf]}\n",
            Head + "services: &x\n  web: &x\n    inputs: [*x]\n", Head + "&anchor-only\n",
        ];
        foreach (var document in documents)
        {
            add("alias", document, true);
        }

        // Well-formed aliases in the wrong places: reported with the rest of the file's problems.
        string[] several =
        [
            Head + "d: &d {inputs: [a.conf]}\nservices:\n  web:\n    <<: *d\n", Head + "n: &n web\nservices:\n  *n : {inputs: [missing.conf]}\n",
            Head + "v: &v [a.conf]\nv: &v [b.conf]\n" + ValidService, Head + "services:\n  web:\n    inputs: [&a a.conf, *a, *a]\n    apply: *a\n",
            Head + "x: &" + new string('a', 50_000) + " 1\n" + "services: *" + new string('a', 50_000) + "\n",
        ];
        foreach (var document in several)
        {
            add("alias-placed", document, false);
        }
    }
}
