using System.Text;

namespace Driftless.Configuration.Tests.Sources;

/// <summary>
/// JSON documents on which <see cref="Driftless.Configuration.Sources.JsonFileSource"/> must agree with
/// <c>AddJsonFile</c>: each with whether the built-in provider accepts it, so agreement cannot come from both rejecting.
/// </summary>
internal static class JsonParityCorpus
{
    public static IReadOnlyDictionary<string, (byte[] Bytes, bool Accepted)> Documents { get; } = Build();

    private static Dictionary<string, (byte[] Bytes, bool Accepted)> Build()
    {
        var corpus = new Dictionary<string, (byte[], bool)>(StringComparer.Ordinal);
        void Accepted(string name, string json) => corpus.Add(name, (Encoding.UTF8.GetBytes(json), true));
        void Rejected(string name, string json) => corpus.Add(name, (Encoding.UTF8.GetBytes(json), false));
        void Bytes(string name, byte[] bytes, bool accepted) => corpus.Add(name, (bytes, accepted));

        // Structure.
        Accepted("nested objects", """{"Logging":{"LogLevel":{"Default":"Information","Microsoft":"Warning"}}}""");
        Accepted("empty root", "{}");
        Accepted("arrays of scalars and objects", """{"Servers":["a",{"Host":"c","Port":8080},"b"]}""");
        Accepted("nested arrays", """{"Matrix":[[1,2],[3],[],[[4]]]}""");
        Accepted("nulls", """{"Nothing":null,"List":[null,1,null],"Deep":{"N":null}}""");
        Accepted("empty objects and arrays", """{"O":{},"A":[],"Deep":{"O":{},"A":[]},"Mixed":[{},[]]}""");
        Accepted("empty and odd property names", """{"":1,"a":{"":2},"a b":3,"a.b":4,"é":5}""");
        Accepted("escapes", """{"s":"tab\tquote\"slash\/back\\nl\n\u00e9\ud83d\ude00","k\u0065y":"v"}""");
        Accepted("crlf line endings", "{\r\n  \"a\": 1,\r\n  \"b\": [\r\n 2\r\n ]\r\n}\r\n");
        Accepted("depth 64", Nest(63));

        // Formatting of scalars: numbers as written, booleans as .NET prints them.
        Accepted("numbers", """{"n":[0,-0,1.50,1e3,1E-7,-12.5e+2,123456789012345678901234567890,0.1]}""");
        Accepted("booleans and strings", """{"t":true,"f":false,"s":"true","e":""}""");

        // Syntax AddJsonFile allows.
        Accepted("comments", "{\n // line\n \"a\": /* inline */ 1, /* block\n over lines */ \"b\": 2 // end\n}");
        Accepted("trailing commas", """{"a":[1,2,],"b":{"c":3,},}""");
        Bytes("utf-8 bom", [0xEF, 0xBB, 0xBF, .. "{\"a\":\"é\"}"u8], accepted: true);
        Bytes("utf-16 le bom", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("{\"a\":\"é\"}")], accepted: true);
        Bytes("utf-16 be bom", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes("{\"a\":\"é\"}")], accepted: true);
        Bytes("utf-32 le bom", [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes("{\"a\":\"é\"}")], accepted: true);

        // Keys: objects merge, only a value landing on a taken key is a duplicate.
        Accepted("sections differing in case merge", """{"Section":{"A":"1"},"section":{"B":"2"}}""");
        Accepted("repeated section merges", """{"S":{"A":"1"},"S":{"B":"2"}}""");
        Accepted("repeated array merges by index", """{"a":[1,{"x":1}],"A":[{},{"y":2}]}""");
        Rejected("repeated array colliding by index", """{"a":[1],"A":[null,2]}""");
        Accepted("value then object under it", """{"a":1,"a":{"b":2}}""");
        Accepted("object then value at its path", """{"a":{"b":2},"a":1}""");
        Accepted("value then empty object", """{"a":1,"a":{}}""");
        Accepted("empty array then items", """{"a":[],"a":[1]}""");
        Accepted("items then empty array", """{"a":[1],"a":[]}""");
        Accepted("null then empty object", """{"a":null,"a":{}}""");
        Rejected("repeated value", """{"a":1,"a":2}""");
        Rejected("values differing in case", """{"Port":1,"port":2}""");
        Rejected("merged sections colliding", """{"S":{"A":1},"s":{"a":2}}""");
        Rejected("colon in name colliding with a path", """{"a:b":1,"a":{"b":2}}""");
        Rejected("object key colliding with array index", """{"a":{"0":"x"},"a":["y"]}""");
        Rejected("empty object then value", """{"a":{},"a":1}""");
        Rejected("empty array then value", """{"a":[],"a":"x"}""");
        Rejected("null then value", """{"a":null,"a":1}""");

        // Documents AddJsonFile rejects.
        Rejected("empty file", string.Empty);
        Rejected("whitespace only", "  \n\t");
        Rejected("comment only", "// nothing\n");
        Rejected("top-level array", "[1,2]");
        Rejected("top-level string", "\"x\"");
        Rejected("top-level number", "1");
        Rejected("top-level null", "null");
        Rejected("unterminated object", """{"a":1""");
        Rejected("missing value", """{"a":}""");
        Rejected("single quotes", "{'a':1}");
        Rejected("unquoted name", "{a:1}");
        Rejected("content after the root", """{"a":1} x""");
        Rejected("two roots", "{}{}");
        Rejected("NaN", """{"a":NaN}""");
        Rejected("leading zero", """{"a":01}""");
        Rejected("raw control character in string", "{\"a\":\"x\ty\"}");
        Rejected("invalid escape", """{"a":"\x"}""");
        Rejected("lone surrogate escape", """{"a":"\ud800"}""");
        Rejected("unterminated comment", """{"a":1} /*""");
        Rejected("depth 65", Nest(64));
        Bytes("utf-16 without bom", Encoding.Unicode.GetBytes("{\"a\":1}"), accepted: false);
        return corpus;
    }

    // {"a":{"a":...{"a":1}...}} with `depth` objects below the root.
    private static string Nest(int depth) =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "{\"v\":1}" + new string('}', depth);
}
