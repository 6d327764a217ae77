using System.Text;

namespace Driftless.IntegrationTests.Fuzz;

/// <summary>Encodings, control characters, duplicate keys, tags and byte mutations.</summary>
public static partial class RegistryFuzzCorpus
{
    /// <summary>Invalid at one known place (a missing input), so that what an encoding or a mutation breaks is all that varies.</summary>
    private const string Base = Head + "tick: 30s\nservices:\n  web:\n    inputs: [missing-web.conf]\n    apply: restart\n  api:\n    inputs: [missing-api.conf, conf/]\n    apply: signal\n    signal: SIGHUP\n    depends_on: [web]\n";

    private static void Encodings(Random random, Action<string, byte[], bool> add)
    {
        var valid = Encoding.UTF8.GetBytes(Head + ValidService);
        foreach (var encoding in new[] { "utf-16", "utf-16BE", "utf-32", "utf-32BE" })
        {
            var text = Encoding.GetEncoding(encoding);
            add("encoding-bom", [.. text.GetPreamble(), .. text.GetBytes(Head + ValidService)], true);
            add("encoding-no-bom", text.GetBytes(Head + ValidService), true);
        }

        add("encoding-utf8-bom-twice", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. valid], true);
        add("encoding-bom-only", [0xEF, 0xBB, 0xBF], true);
        add("encoding-utf16-bom-only", [0xFF, 0xFE], true);
        byte[][] invalidSequences =
        [
            [0xFF], [0xFE], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
            [0x80], [0xBF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
        ];
        foreach (var sequence in invalidSequences)
        {
            var at = random.Next(valid.Length + 1);
            add("encoding-invalid-utf8", [.. valid[..at], .. sequence, .. valid[at..]], true);
        }

        add("encoding-truncated-at-end", [.. valid, 0xE2, 0x82], true);
        add("encoding-latin1", Encoding.Latin1.GetBytes(Head.Replace("fuzz", "f\u00fcz", StringComparison.Ordinal) + ValidService), true);
    }

    private static void ControlCharacters(Random random, Action<string, byte[], bool> add)
    {
        // Raw bytes: YAML allows tab, LF and CR only; everything else below 0x20, DEL and C1 (as UTF-8) is refused.
        var raw = Enumerable.Range(0, 0x20).Where(b => b is not (0x09 or 0x0A or 0x0D)).Select(b => new[] { (byte)b })
            .Append([0x7F]).Append([0xC2, 0x85]).Append([0xC2, 0x9B]).Append([0xE2, 0x80, 0xA8]).Append([0xEF, 0xBF, 0xBE]);
        foreach (var bytes in raw)
        {
            string[] places = ["version: 1\nproject: fu{0}zz\n" + ValidService, Head + "services:\n  w{0}eb:\n    inputs: [a.conf]\n", Head + "services:\n  web:\n    inputs: [a{0}.conf]\n"];
            var text = places[random.Next(places.Length)];
            var parts = text.Split("{0}");
            add("control-raw", [.. Encoding.UTF8.GetBytes(parts[0]), .. bytes, .. Encoding.UTF8.GetBytes(string.Join(string.Empty, parts.Skip(1)))], true);
        }

        // Escaped in double quotes: the value holds them, so the message must escape them.
        string[] escapes = ["\\0", "\\a", "\\b", "\\e", "\\v", "\\f", "\\r", "\\n", "\\x1b[2J", "\\x7f", "\\x85", "\\u2028", "\\u2029", "\\u202e", "\\u200f", "\\U0001F600", "\\ud800"];
        foreach (var escape in escapes)
        {
            var where = random.Next(5);
            var text = where switch
            {
                0 => $"version: 1\nproject: \"fu{escape}zz\"\n" + ValidService,
                1 => Head + $"services:\n  \"w{escape}eb\":\n    inputs: [a.conf]\n",
                2 => Head + $"services:\n  web:\n    inputs: [\"a{escape}.conf\"]\n",
                3 => Head + ValidService + $"    \"ap{escape}ply\": restart\n",
                _ => Head + ValidService + $"    apply: \"re{escape}start\"\n",
            };
            add("control-escaped", Encoding.UTF8.GetBytes(text), true);
        }
    }

    private static void Duplicates(Action<string, string, bool> add)
    {
        string[] documents =
        [
            "version: 1\nversion: 1\nproject: fuzz\n" + ValidService, Head + "project: fuzz\n" + ValidService, Head + ValidService + ValidService,
            Head + ValidService + "  web:\n    inputs: [a.conf]\n", Head + ValidService + "    inputs: [a.conf]\n", Head + ValidService + "    apply: none\n    apply: none\n",
            Head + "services:\n  1: {inputs: [a.conf]}\n  \"1\": {inputs: [a.conf]}\n", Head + "services: {web: {inputs: [a.conf]}, web: {inputs: [a.conf]}}\n",
            Head + ValidService + "    verify: {settle: 1s, settle: 2s}\n", Head + ValidService + "    apply: reload_http\n    reload: {url: 'http://x/', url: 'http://y/'}\n",
            Head + ValidService + "    apply: reload_http\n    reload: {url: 'http://x/', headers: {X-A: 1, x-a: 2}}\n", Head + "services:\n  web:\n    inputs: [a.conf]\n  Web:\n    inputs: [a.conf]\n  web:\n    inputs: [a.conf]\n",
            "version: 1\n\"version\": 1\nproject: fuzz\n" + ValidService, Head + "'services': {}\n" + ValidService,
        ];
        foreach (var document in documents)
        {
            add("duplicate", document, true);
        }
    }

    private static void Tags(Action<string, string, bool> add)
    {
        string[] documents =
        [
            "version: !!str 1\nproject: fuzz\n" + ValidService, "version: !!int x\nproject: fuzz\n" + ValidService, "version: !!float 1\nproject: fuzz\n" + ValidService,
            "version: !!null 1\nproject: fuzz\n" + ValidService, "version: !!bool 1\nproject: fuzz\n" + ValidService, "version: !custom 1\nproject: fuzz\n" + ValidService,
            "version: 1\nproject: !!binary aGVsbG8=\n" + ValidService, Head + "services: !!seq\n  web:\n    inputs: [a.conf]\n", Head + "services: !!set {web}\n",
            Head + "services: !!omap [web: {inputs: [a.conf]}]\n", Head + "services:\n  web:\n    inputs: !!map [a.conf]\n", Head + "services:\n  web: !!str\n",
            Head + "services: !<tag:yaml.org,2002:str> web\n", Head + "services: !e!x web\n", "%TAG !e! tag:example.com,2000:\n---\n" + Head + "services: !e!x web\n",
            Head + "services:\n  web:\n    inputs: [!!python/object:os.system rm]\n", Head + "services: !" + new string('t', 10_000) + " x\n", Head + "! : x\n" + ValidService,
        ];
        foreach (var document in documents)
        {
            add("tag", document, true);
        }
    }

    private static void Mutations(Random random, Action<string, byte[], bool> add)
    {
        var source = Encoding.UTF8.GetBytes(Base);
        byte[] interesting = [.. "[]{}:,-?&*!|>'\"%@`#\n\t \\"u8, 0x00, 0x1B, 0x7F, 0x80, 0xC3, 0xFF];
        for (var i = 0; i < 110; i++)
        {
            var bytes = new List<byte>(source);
            for (var edit = random.Next(1, 5); edit > 0 && bytes.Count > 0; edit--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(4))
                {
                    case 0:
                        bytes.Insert(at, interesting[random.Next(interesting.Length)]);
                        break;
                    case 1:
                        bytes.RemoveAt(at);
                        break;
                    case 2:
                        bytes[at] = interesting[random.Next(interesting.Length)];
                        break;
                    default:
                        var length = Math.Min(random.Next(1, 40), bytes.Count - at);
                        bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                        break;
                }
            }

            add("mutation", [.. bytes], false);
        }
    }
}
