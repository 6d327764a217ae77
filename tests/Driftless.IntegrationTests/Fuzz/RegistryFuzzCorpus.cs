using System.Text;

namespace Driftless.IntegrationTests.Fuzz;

/// <summary>One generated registry: its bytes, and whether the loader must report exactly one problem for it.</summary>
/// <param name="Name">Unique, e.g. <c>117-nesting-flow-lists-48213</c>; a file name as well.</param>
/// <param name="OneProblem">False where several problems are expected (a mutated file, many unknown keys): then up to 21 lines.</param>
public sealed record RegistryFuzzCase(string Name, string Category, byte[] Content, bool OneProblem)
{
    public override string ToString() => Name;
}

/// <summary>
/// A seeded generator of malformed and hostile registries: structure, types, sizes, nesting, encodings, anchors and
/// aliases, control characters, duplicate keys, tags, and random byte mutations of an invalid registry. Every case is
/// invalid by construction (a mutated one keeps inputs that do not exist), so the CLI must answer each with exit 65 (or
/// 64) before it contacts the engine. The directory a case is written to holds one other file, <c>a.conf</c>.
/// Shared with <c>bench/registry-fuzz</c>, which times the same corpus.
/// </summary>
public static partial class RegistryFuzzCorpus
{
    /// <summary>The seed CI runs with.</summary>
    public const int Seed = 20251129;

    /// <summary>The file every valid part of a case names as its input.</summary>
    public const string InputFile = "a.conf";

    private const string Head = "version: 1\nproject: fuzz\n";
    private const string ValidService = "services:\n  web:\n    inputs: [a.conf]\n";

    public static IReadOnlyList<RegistryFuzzCase> Generate(int seed = Seed)
    {
        var random = new Random(seed);
        var cases = new List<(string Category, byte[] Content, bool OneProblem)>();
        void Add(string category, string text, bool oneProblem = true) => cases.Add((category, Encoding.UTF8.GetBytes(text), oneProblem));
        void AddBytes(string category, byte[] bytes, bool oneProblem = true) => cases.Add((category, bytes, oneProblem));

        Structure(Add);
        Types(random, Add);
        Sizes(random, Add);
        Nesting(random, Add);
        Encodings(random, AddBytes);
        Aliases(random, Add);
        ControlCharacters(random, AddBytes);
        Duplicates(Add);
        Tags(Add);
        Mutations(random, AddBytes);

        return cases.Select((c, i) => new RegistryFuzzCase($"{i:D3}-{c.Category}", c.Category, c.Content, c.OneProblem)).ToList();
    }

    private static void Structure(Action<string, string, bool> add)
    {
        string[] documents =
        [
            "", "# nothing\n", "---\n", "...\n", "~\n", "null\n", "42\n", "just text\n", "- a\n- b\n", "[]\n", "{}\n", "\"quoted\"\n",
            "version: 1\n", "services:\n  web:\n    inputs: [a.conf]\n", Head, Head + "services:\n", Head + "services: []\n",
            Head + "services: web\n", Head + "services: {}\n", Head + "services:\n  - web\n", Head + "services:\n  web:\n",
            Head + "services:\n  web: []\n", Head + "services:\n  web: x\n", Head + "services:\n  web:\n    inputs:\n",
            Head + "services:\n  web:\n    inputs: a.conf\n", Head + "services:\n  web:\n    inputs: {a.conf: 1}\n",
            Head + ValidService + "---\n" + Head + ValidService, Head + ValidService + "---\n", "---\n---\n",
            Head + "services:\n  web:\n    inputs: [a.conf\n", Head + "services:\n  web:\n    inputs: \"a.conf\n",
            Head + "services:\n  web:\n   inputs: [a.conf]\n  apply: restart\n", Head + "services:\n\tweb:\n\t\tinputs: [a.conf]\n",
            Head + "services: {web: {inputs: [a.conf]}\n", Head + "services:\n  web:\n    inputs: [a.conf]]\n",
            Head + "? [a, b]\n: c\n" + ValidService, Head + "services:\n  ? {a: b}\n  : {inputs: [a.conf]}\n",
            Head + "services:\n  : x\n", Head + "services:\n  web:\n    : x\n", Head + ": x\n" + ValidService,
            Head + "services:\n  web:\n    inputs: [a.conf]\n  : x\n", "%YAML 2.0\n---\n" + Head + ValidService,
            "%YAML 1.1\n%YAML 1.1\n---\n" + Head + ValidService, "%FOO bar\n---\n" + Head + "services: 1\n",
            Head + "services: |\n  web\n", Head + "services: >\n  web\n", Head + "services:\n  web:\n    inputs: [a.conf]\n    apply: 'restart\n",
        ];
        foreach (var document in documents)
        {
            // An empty mapping lacks both required keys: two problems.
            add("structure", document, document != "{}\n");
        }
    }

    private static readonly string[] ServiceKeysWithWrongValues =
    [
        "inputs: 42", "inputs: [[a.conf]]", "inputs: [{a: b}]", "inputs: [~]", "inputs: [\"\"]", "inputs: [missing.conf]",
        "apply: [restart]", "apply: {mode: restart}", "apply: 1", "apply: true", "apply: reboot", "apply: ~",
        "stop_grace: forever", "stop_grace: [1s]", "stop_grace: -1s", "stop_grace: 1y",
        "verify: []", "verify: x", "verify: {settle: [1s]}", "verify: {http: 1}", "verify: {exec: x}",
        "apply: reload_http\n    reload: x", "apply: reload_http\n    reload: {url: 7}", "apply: reload_http\n    reload: {url: 'ftp://x/'}",
        "apply: reload_http\n    reload: {url: 'http://x/', method: BREW}", "apply: reload_http\n    reload: {url: 'http://x/', expect_status: [999]}",
        "apply: signal\n    signal: [HUP]", "apply: signal\n    signal: 1", "apply: signal\n    signal: SIGKILL", "apply: signal\n    signal: SIGSTOP",
        "apply: exec\n    exec: []", "apply: exec\n    exec: ls", "apply: exec\n    exec: [[ls]]",
        "apply: signal\n    signal: HUP\n    fallback: [restart]", "apply: signal\n    signal: HUP\n    on_stale_mount: ignore",
        "depends_on: web", "depends_on: [web]", "depends_on: [nobody]", "depends_on: {web: 1}",
        "managed: []", "managed: {image: []}", "managed: {}", "managed: {image: 'a b'}", "wait: 1", "wait: {min: x}",
        "container: [a]", "container: 'bad name'", "container: x", "container: 2024",
    ];

    private static readonly string[] TopLevelWrongValues =
    [
        "version: [1]", "version: {v: 1}", "version: '1'", "version: 1.5", "version: 99999999999999999999999999", "version: ~",
        "project: [a]", "project: {a: b}", "project: 2024", "project: true", "project: Upper", "project: -x", "project: ''",
        "tick: soon", "tick: [1s]", "state: []", "state: {}", "compose: []", "compose: {files: x}", "compose: {files: [nope.yml]}",
        "agent: []", "agent: {listen: 7411}", "agent: {watch: sometimes}", "history: []", "history: {keep: -1}", "history: {max_age: x}",
    ];

    private static void Types(Random random, Action<string, string, bool> add)
    {
        foreach (var line in ServiceKeysWithWrongValues)
        {
            add("types-service", Head + ValidService + "    " + line + "\n", true);
        }

        foreach (var line in TopLevelWrongValues)
        {
            var head = line.StartsWith("version", StringComparison.Ordinal) ? "project: fuzz\n" : line.StartsWith("project", StringComparison.Ordinal) ? "version: 1\n" : Head;
            add("types-top", head + line + "\n" + ValidService, true);
        }

        // A wrong value at a random key of the service, as a random kind.
        string[] kinds = ["[x, y]", "{x: y}", "~", "!!binary aGk=", "\"\\x00\""];
        string[] keys = ["inputs", "apply", "verify", "stop_grace", "depends_on", "wait", "managed", "container"];
        for (var i = 0; i < 16; i++)
        {
            var key = keys[random.Next(keys.Length)];
            var value = kinds[random.Next(kinds.Length)];
            var body = key == "inputs" ? $"    inputs: {value}\n" : $"    inputs: [a.conf]\n    {key}: {value}\n";
            add("types-random", Head + "services:\n  web:\n" + body, false);
        }
    }
}
