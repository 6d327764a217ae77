using Driftless.Core.Errors;

namespace Driftless.Core.Tests.Registry;

/// <summary>Every error of a file is reported at once, sorted by position; an error caused only by another is not.</summary>
public sealed class RegistryErrorCollectionTests : IDisposable
{
    private readonly RegistryFiles _files = new(_ => null);

    public void Dispose() => _files.Dispose();

    private Task<RegistryException> LoadFailsAsync(RegistryCase @case) => _files.LoadFailsAsync(@case.Yaml);

    private static IEnumerable<(int Line, string? KeyPath)> Where(RegistryException e) => e.Errors.Select(error => (error.Line, error.KeyPath));

    [Fact]
    public async Task Load_ReportsEveryError_SortedByLine_WithKeyPaths()
    {
        var e = await LoadFailsAsync(RegistryCases.MistakesInEverySection);

        Assert.Equal(
            [
                (2, "tick"),
                (4, "agent.listen"),
                (5, "agent.wach"),
                (6, "frobnicate"),
                (9, "services.web.inputs[1]"),
                (11, "services.web.stop_grace"),
                (14, "services.api.apply"),
                (15, "services.api.depends_on[0]"),
                (19, "services.gw.managed.ports[0]"),
            ],
            Where(e));
        Assert.Equal(9, e.Message.Split('\n').Length);
        Assert.Equal((2, 7, "tick"), (e.Line, e.Column, e.KeyPath));
        Assert.Contains(e.Errors, error => error.Problem == "unknown service 'wbe'; did you mean 'web'?");
    }

    [Fact]
    public async Task Load_MessageHasOneLinePerError_InFileLineColumnKeyProblemForm()
    {
        var e = await LoadFailsAsync(RegistryCases.UnknownKeysInTwoServices);

        var path = e.FilePath;
        Assert.Equal(
            $"{path}:4:5: services.web.inptus: unknown key 'inptus'; did you mean 'inputs'?\n"
            + $"{path}:7:5: services.api.aply: unknown key 'aply'; did you mean 'apply'?",
            e.Message);
    }

    [Fact]
    public async Task Load_ReportsUnknownKeysOfTwoServices()
    {
        var e = await LoadFailsAsync(RegistryCases.UnknownKeysInTwoServicesBodies);

        Assert.Equal([(5, "services.web.verfy"), (8, "services.api.depends")], Where(e));
    }

    [Fact]
    public async Task Load_ErrorsOnOneLine_AreSortedByColumn()
    {
        var e = await LoadFailsAsync(RegistryCases.ErrorsOnOneLine);

        Assert.Equal(["services.web.verify.settle", "services.web.verify.timeout", "services.web.verify.exec"], e.Errors.Select(error => error.KeyPath));
        Assert.Equal([22, 37, 46], e.Errors.Select(error => error.Column));
    }

    [Fact]
    public async Task Load_ReportsEveryBadItemOfAList()
    {
        var e = await LoadFailsAsync(RegistryCases.BadItemsOfLists);

        Assert.Equal(
            ["services.web.inputs[1]", "services.web.inputs[2]", "services.web.reload.expect_status[1]", "services.web.reload.expect_status[2]"],
            e.Errors.Select(error => error.KeyPath));
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.NoCascades), MemberType = typeof(RegistryCases))]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.MisspeltKeysNotAlsoMissing), MemberType = typeof(RegistryCases))]
    public async Task Load_DoesNotReportAnErrorCausedOnlyByAnother(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal(@case.KeyPath, Assert.Single(e.Errors).KeyPath);
    }

    [Fact]
    public async Task Load_YamlSyntaxError_IsReportedAlone()
    {
        var e = await LoadFailsAsync(RegistryCases.SyntaxErrorAmongOthers);

        Assert.StartsWith("YAML syntax error: ", Assert.Single(e.Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_UnsupportedVersion_IsReportedAlone()
    {
        var e = await LoadFailsAsync(RegistryCases.UnsupportedVersionAmongOthers);

        Assert.Equal("unsupported version 2; this driftless reads version 1", Assert.Single(e.Errors).Problem);
    }

    [Fact]
    public async Task Load_MalformedVersion_IsReportedWithTheRest()
    {
        var e = await LoadFailsAsync(RegistryCases.MalformedVersionAmongOthers);

        Assert.Equal(["version", "services.web.apply"], e.Errors.Select(error => error.KeyPath));
    }

    [Fact]
    public async Task Load_InvalidServiceName_StillChecksItsBody_AndCountsAsDeclared()
    {
        var e = await LoadFailsAsync(RegistryCases.InvalidServiceNameWithBadBody);

        Assert.Equal([(3, "services._web"), (5, "services._web.apply")], Where(e));
    }

    [Fact]
    public async Task Load_ReportsUnknownDependencyAndCycle_Both()
    {
        var e = await LoadFailsAsync(RegistryCases.UnknownDependencyAndCycle);

        Assert.Equal([(5, "services.a.depends_on"), (5, "services.a.depends_on[1]")], Where(e));
        Assert.Equal(["depends_on cycle: a → b → a", "unknown service 'nope'; valid services: a, b"], e.Errors.Select(error => error.Problem));
    }

    [Fact]
    public async Task Load_BothTokenKeys_ReportsTheSecond_AndChecksBothValues()
    {
        var e = await LoadFailsAsync(RegistryCases.BothTokensOneBadName);

        Assert.Equal(
            ["set either token_file or token_env, not both", "'1X' is not an environment variable name: use letters, digits and '_', not starting with a digit"],
            e.Errors.Select(error => error.Problem));
    }
}
