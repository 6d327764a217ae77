using System.Text;
using Driftless.Configuration.Sources;

namespace Driftless.Configuration.Tests.Sources;

public sealed class DotEnvParserTests
{
    public static TheoryData<string, string, string> ValidLines => new()
    {
        { "plain", "KEY=value", "value" },
        { "trimmed", "KEY =   spaced value  \t", "spaced value" },
        { "export prefix", "export KEY=value", "value" },
        { "export with tabs", "export\tKEY=value", "value" },
        { "inline comment", "KEY=value # a comment", "value" },
        { "hash without space is data", "KEY=a#b", "a#b" },
        { "hash first is data", "KEY=#notcomment", "#notcomment" },
        { "only a comment after =", "KEY= # nothing", "" },
        { "equals inside value", "KEY=a=b=c", "a=b=c" },
        { "empty", "KEY=", "" },
        { "empty double quotes", "KEY=\"\"", "" },
        { "empty single quotes", "KEY=''", "" },
        { "single quotes literal", """KEY='a\nb $X "q" # not comment'""", """a\nb $X "q" # not comment""" },
        { "double quotes keep spaces and hash", "KEY=\"  a # b  \"", "  a # b  " },
        { "double-quote escapes", @"KEY=""n\n r\r t\t bs\\ q\"" d\$""", "n\n r\r t\t bs\\ q\" d$" },
        { "unknown escape stays literal", @"KEY=""c:\path""", @"c:\path" },
        { "comment after closing quote", "KEY=\"v\" # trailing", "v" },
        { "single quote inside double", "KEY=\"it's\"", "it's" },
        { "double quote inside single", "KEY='say \"hi\"'", "say \"hi\"" },
        { "multi-line double quotes", "KEY=\"line1\nline2\n  line3\"", "line1\nline2\n  line3" },
        { "crlf line ending", "KEY=value\r\n", "value" },
        { "crlf inside multi-line value", "KEY=\"a\r\nb\"\r\n", "a\nb" },
        { "unicode", "KEY=grüße ✓", "grüße ✓" },
    };

    public static TheoryData<string, string, int> InvalidLines => new()
    {
        { "no equals", "A=1\nJUSTAWORD\n", 2 },
        { "key with dash", "\n\nBAD-KEY=1", 3 },
        { "key starting with digit", "1KEY=x", 1 },
        { "missing key", "# c\n=value", 2 },
        { "space inside key", "MY KEY=1", 1 },
        { "unterminated double quote reported at its start", "A=1\nB=\"open\nstill open\n", 2 },
        { "unterminated single quote", "A='open\nB=2", 1 },
        { "text after closing quote", "A=\"x\" y", 1 },
        { "error after a multi-line value counts its lines", "A=\"1\n2\n3\"\nnope", 4 },
        { "crlf lines counted once", "A=1\r\nB=2\r\n!bad\r\n", 3 },
    };

    [Theory]
    [MemberData(nameof(ValidLines))]
    public void Parse_ReadsTrickyLine(string because, string text, string expected)
    {
        var pairs = DotEnvParser.Parse(text, "test.env");

        var pair = Assert.Single(pairs);
        Assert.Equal("KEY", pair.Key);
        Assert.True(expected == pair.Value, $"{because}: expected [{expected}] got [{pair.Value}]");
    }

    [Theory]
    [MemberData(nameof(InvalidLines))]
    public void Parse_Fails_WithSourceAndLine(string because, string text, int line)
    {
        var ex = Assert.Throws<ConfigLoadException>(() => DotEnvParser.Parse(text, "app.env"));

        Assert.Equal("app.env", ex.SourceName);
        Assert.True(line == ex.Line, $"{because}: {ex.Message}");
    }

    [Fact]
    public void Parse_SkipsBlankAndCommentLines_KeepsOrder_AndLaterWins()
    {
        const string text = """

            # leading comment
              B=1
            A.x_y=2
               # indented comment
            export B=3
            C=
            """;

        var pairs = DotEnvParser.Parse(text, "test.env");

        Assert.Equal([KeyValuePair.Create("B", "3"), KeyValuePair.Create("A.x_y", "2"), KeyValuePair.Create("C", "")], pairs);
    }

    [Fact]
    public void Parse_TreatsKeysCaseSensitively_LikeEnvironmentVariables()
    {
        var pairs = DotEnvParser.Parse("key=1\nKEY=2", "test.env");

        Assert.Equal(2, pairs.Count);
    }

    [Fact]
    public void Format_Throws_OnInvalidKey()
        => Assert.Throws<ArgumentException>(() => DotEnvWriter.Format([KeyValuePair.Create("BAD-KEY", "x")]));

    [Fact]
    public void ParseOfFormat_RoundTrips_RandomKeysAndValues()
    {
        var random = new Random(20261123);
        const string valueAlphabet = "aZ09 _-.=#$\\\"'\n\r\t/:{}!*~`ü✓";
        const string keyStart = "ABCxyz_";
        const string keyRest = "ABCxyz_09.";

        for (var run = 0; run < 500; run++)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            var used = new HashSet<string>(StringComparer.Ordinal);
            var count = random.Next(0, 8);
            while (pairs.Count < count)
            {
                var key = keyStart[random.Next(keyStart.Length)] + RandomString(random, keyRest, random.Next(0, 10));
                if (used.Add(key))
                {
                    pairs.Add(KeyValuePair.Create(key, RandomString(random, valueAlphabet, random.Next(0, 24))));
                }
            }

            var text = DotEnvWriter.Format(pairs);
            var parsed = DotEnvParser.Parse(text, "roundtrip.env");

            Assert.True(pairs.SequenceEqual(parsed), $"run {run} did not round-trip:\n{text}");
        }
    }

    private static string RandomString(Random random, string alphabet, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }
}
