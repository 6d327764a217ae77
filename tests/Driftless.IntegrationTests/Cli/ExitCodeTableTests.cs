using System.Text.RegularExpressions;
using Driftless.Cli;
using Driftless.Core.Errors;
using Driftless.Core.Tests.Schema;

namespace Driftless.IntegrationTests.Cli;

/// <summary>Every error kind is a documented exit code, and none of them is 70 (which means a bug).</summary>
public sealed partial class ExitCodeTableTests
{
    public static TheoryData<ErrorKind> Kinds => new(Enum.GetValues<ErrorKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachErrorKind_IsADocumentedExitCode_NeverTheBugCode(ErrorKind kind)
    {
        var code = ExitCodes.For(kind);

        Assert.NotEqual(ExitCodes.InternalError, code);
        Assert.Contains(code, DocumentedCodes());
    }

    private static HashSet<int> DocumentedCodes()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "README.md"));
        return TableRow().Matches(readme).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
    }

    [GeneratedRegex(@"^\| (\d+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
