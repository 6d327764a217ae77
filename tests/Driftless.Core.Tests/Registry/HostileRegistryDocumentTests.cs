using System.Text;
using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary>
/// Documents built to hurt the loader: deep, huge, self-referring, badly encoded. Each is refused before a node tree is
/// built, with a placed problem (exit 65), never a stack overflow, minutes of work or gigabytes.
/// </summary>
public sealed class HostileRegistryDocumentTests : IDisposable
{
    private const string Head = "version: 1\nproject: p\n";

    private readonly RegistryFiles _files = new(_ => null);

    public void Dispose() => _files.Dispose();

    private Task<RegistryException> LoadFailsAsync(string yaml) => _files.LoadFailsAsync(yaml);

    private async Task<RegistryException> LoadBytesFailsAsync(byte[] bytes)
    {
        var path = _files.Dir.WriteBytes("driftless.yaml", bytes);
        var e = await Assert.ThrowsAsync<RegistryException>(() => new RegistryLoader(_ => null).LoadAsync(path, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidRegistry, e.Kind);
        Assert.Equal(path, e.FilePath);
        Assert.Single(e.Errors);
        return e;
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(33)]
    public async Task Load_FlowListsNestedTooDeep_Is65_AtTheFirstLevelTooMany(int depth)
    {
        var e = await LoadFailsAsync(Head + "services: " + new string('[', depth) + new string(']', depth) + "\n");

        // The top-level mapping is the first level: the 32nd '[' is the 33rd.
        Assert.Equal((3, 11 + 31), (e.Line, e.Column));
        Assert.Equal("services" + string.Concat(Enumerable.Repeat("[0]", 31)), e.KeyPath);
        Assert.Equal("nested deeper than 32 levels; a registry needs no more than a few", e.Problem);
    }

    [Fact]
    public async Task Load_BlockMappingsNestedTooDeep_Is65_NamingTheLine()
    {
        var yaml = new StringBuilder(Head);
        for (var level = 0; level < 40; level++)
        {
            yaml.Append(' ', level).Append("k:\n");
        }

        var e = await LoadFailsAsync(yaml.Append(' ', 40).Append("v\n").ToString());

        Assert.Equal(3 + 32, e.Line);
        Assert.Equal("nested deeper than 32 levels; a registry needs no more than a few", e.Problem);
    }

    [Fact]
    public async Task Load_NestingAtTheLimit_IsJudgedByTheGrammar()
    {
        var e = await LoadFailsAsync(Head + "deep: " + new string('[', 31) + new string(']', 31) + "\nservices:\n  web:\n    inputs: [a.conf]\n");

        Assert.Equal("deep", e.KeyPath);
        Assert.StartsWith("unknown key 'deep'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_AliasBomb_Is65_BeforeAnyTreeIsBuilt()
    {
        var yaml = new StringBuilder(Head).Append("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 9; level++)
        {
            var previous = $"*a{level - 1}";
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat(previous, 10))}]\n");
        }

        var e = await LoadFailsAsync(yaml.Append("services:\n  web:\n    inputs: [*a8]\n").ToString());

        Assert.StartsWith("a4[", e.KeyPath, StringComparison.Ordinal);
        Assert.Equal("more than 100000 YAML nodes (an alias counts as the nodes it repeats); a registry needs far fewer", e.Problem);
    }

    [Fact]
    public async Task Load_TooManyNodes_Is65()
    {
        var e = await LoadFailsAsync(Head + "services: [" + string.Join(",", Enumerable.Repeat("1", 100_001)) + "]\n");

        Assert.Equal(3, e.Line);
        Assert.StartsWith("more than 100000 YAML nodes", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("services: &s\n  web: *s\n", 4, 8, "services.web", "alias '*s' refers to a node that contains it; a registry cannot be a cycle")]
    [InlineData("services:\n  web: *later\nlater: &later {inputs: [a.conf]}\n", 4, 8, "services.web", "alias '*later' refers to no anchor '&later' defined before it")]
    [InlineData("services:\n  web:\n    inputs: [*nowhere]\n", 5, 14, "services.web.inputs[0]", "alias '*nowhere' refers to no anchor '&nowhere' defined before it")]
    public async Task Load_AliasWithoutACompleteAnchorBeforeIt_Is65(string body, int line, int column, string keyPath, string problem)
    {
        var e = await LoadFailsAsync(Head + body);

        Assert.Equal((line, column, keyPath, problem), (e.Line, e.Column, e.KeyPath, e.Problem));
    }

    [Theory]
    [InlineData("services:\n  : x\n", 4)]
    [InlineData("services:\n  web:\n    inputs: [a.conf]\n  : x\n", 6)]
    [InlineData("services:\n  web:\n    : x\n    inputs: [a.conf]\n", 5)]
    public async Task Load_EmptyKey_Is65_AtTheKey(string body, int line)
    {
        var e = await LoadFailsAsync(Head + body);

        Assert.Equal(line, e.Line);
        Assert.StartsWith("services", e.KeyPath, StringComparison.Ordinal);
        Assert.Equal("an empty key (': x'), or a key without a value; keys are names", e.Problem);
    }

    [Fact]
    public async Task Load_FileLargerThanTheCap_Is65_NamingItsSize()
    {
        var e = await LoadBytesFailsAsync(Encoding.UTF8.GetBytes(Head + "project: " + new string('p', RegistryLimits.MaxFileBytes) + "\n"));

        Assert.Equal(0, e.Line);
        Assert.StartsWith($"the registry file is larger than 1 MiB ({RegistryLimits.MaxFileBytes + Head.Length + 10} bytes)", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_FileThatNeverEnds_Is65_AfterReadingOnlyTheCap()
    {
        var e = await Assert.ThrowsAsync<RegistryException>(() => new RegistryLoader(_ => null).LoadAsync("/dev/zero", CancellationToken.None));

        Assert.Equal("/dev/zero: the registry file is larger than 1 MiB; a registry lists services and their inputs, never their contents", e.Message);
    }

    [Fact]
    public async Task Load_InvalidUtf8_Is65_NamingLineColumnAndByte()
    {
        var bytes = Encoding.UTF8.GetBytes(Head + "services:\n  web:\n    inputs: [a.conf]\n");
        bytes[Head.Length - 2] = 0xC0;

        var e = await LoadBytesFailsAsync(bytes);

        Assert.Equal((2, 10), (e.Line, e.Column));
        Assert.Equal($"the registry file is not valid UTF-8 (byte 0xc0 at offset {Head.Length - 2}); save it as UTF-8", e.Problem);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public async Task Load_OtherUnicodeEncodings_Are65_AskingForUtf8(string encoding)
    {
        var text = Encoding.GetEncoding(encoding);
        var e = await LoadBytesFailsAsync([.. text.GetPreamble(), .. text.GetBytes(Head + "services:\n  web:\n    inputs: [a.conf]\n")]);

        Assert.Equal("the registry file is UTF-16 or UTF-32 (it starts with that byte order mark); save it as UTF-8", e.Problem);
    }

    [Fact]
    public async Task Load_Utf8ByteOrderMark_IsAccepted()
    {
        var path = _files.Dir.WriteBytes("driftless.yaml", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Head + "services:\n  web:\n    inputs: [a.conf]\n")]);

        var registry = await new RegistryLoader(_ => null).LoadAsync(path, CancellationToken.None);

        Assert.Equal("p", registry.Project);
    }

    [Theory]
    [InlineData("services: !!seq\n  web:\n    inputs: [a.conf]\n", 3, "services", "the tag !!seq does not fit a mapping")]
    [InlineData("services:\n  web:\n    inputs: !!map [a.conf]\n", 5, "services.web.inputs", "the tag !!map does not fit a list")]
    [InlineData("services:\n  web: !!seq x\n", 4, "services.web", "the tag !!seq does not fit a scalar")]
    public async Task Load_CoreTagContradictingItsNode_Is65(string body, int line, string keyPath, string problem)
    {
        var e = await LoadFailsAsync(Head + body);

        Assert.Equal((line, keyPath, problem), (e.Line, e.KeyPath, e.Problem));
    }

    [Fact]
    public async Task Load_DependsOnManyUnknownServices_SuggestsOnlyForTheListedOnes_Quickly()
    {
        var yaml = new StringBuilder(Head).Append("services:\n");
        for (var i = 0; i < 5_000; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  s{i}: {{inputs: [a.conf], depends_on: [x{i}]}}\n");
        }

        var e = await LoadFailsAsync(yaml.ToString());

        Assert.Equal(21, e.Errors.Count);
        Assert.Equal("unknown service 'x0'; did you mean 's0'?", e.Errors[0].Problem);
        Assert.Equal("and 4980 more problems (only the first 20 are listed)", e.Errors[20].Problem);
    }
}
