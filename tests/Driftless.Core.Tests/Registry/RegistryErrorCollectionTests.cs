using Driftless.Core.Errors;

namespace Driftless.Core.Tests.Registry;

/// <summary>Every error of a file is reported at once, sorted by position; an error caused only by another is not.</summary>
public sealed class RegistryErrorCollectionTests : IDisposable
{
    private readonly RegistryFiles _files = new(_ => null);

    public void Dispose() => _files.Dispose();

    private Task<RegistryException> LoadFailsAsync(string yaml) => _files.LoadFailsAsync(yaml);

    private static IEnumerable<(int Line, string? KeyPath)> Where(RegistryException e) => e.Errors.Select(error => (error.Line, error.KeyPath));

    [Fact]
    public async Task Load_ReportsEveryError_SortedByLine_WithKeyPaths()
    {
        const string yaml = """
            version: 1
            tick: soon
            agent:
              listen: 7411
              wach: poll
            frobnicate: true
            services:
              web:
                inputs: [a.conf, missing.conf]
                apply: restart
                stop_grace: 10
              api:
                inputs: [a.conf]
                apply: reboot
                depends_on: [wbe]
              gw:
                managed:
                  image: gw:v1
                  ports: ["0:80"]
            """;

        var e = await LoadFailsAsync(yaml);

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
        var e = await LoadFailsAsync("version: 1\nservices:\n  web:\n    inptus: [a.conf]\n  api:\n    inputs: [a.conf]\n    aply: none\n");

        var path = e.FilePath;
        Assert.Equal(
            $"{path}:4:5: services.web.inptus: unknown key 'inptus'; did you mean 'inputs'?\n"
            + $"{path}:7:5: services.api.aply: unknown key 'aply'; did you mean 'apply'?",
            e.Message);
    }

    [Fact]
    public async Task Load_ReportsUnknownKeysOfTwoServices()
    {
        var e = await LoadFailsAsync("version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    verfy: {}\n  api:\n    inputs: [a.conf]\n    depends: [web]\n");

        Assert.Equal([(5, "services.web.verfy"), (8, "services.api.depends")], Where(e));
    }

    [Fact]
    public async Task Load_ErrorsOnOneLine_AreSortedByColumn()
    {
        var e = await LoadFailsAsync("version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    verify: {settle: soon, timeout: 0, exec: []}\n");

        Assert.Equal(["services.web.verify.settle", "services.web.verify.timeout", "services.web.verify.exec"], e.Errors.Select(error => error.KeyPath));
        Assert.Equal([22, 37, 46], e.Errors.Select(error => error.Column));
    }

    [Fact]
    public async Task Load_ReportsEveryBadItemOfAList()
    {
        var e = await LoadFailsAsync(
            "version: 1\nservices:\n  web:\n    inputs: [a.conf, gone.conf, also-gone.conf]\n    apply: reload_http\n"
            + "    reload: {url: http://127.0.0.1/, expect_status: [200, 700, 99]}\n");

        Assert.Equal(
            ["services.web.inputs[1]", "services.web.inputs[2]", "services.web.reload.expect_status[1]", "services.web.reload.expect_status[2]"],
            e.Errors.Select(error => error.KeyPath));
    }

    [Theory]
    [InlineData("apply: reload_htp\n    reload: {url: http://127.0.0.1/}\n    fallback: restart\n", "services.web.apply")]
    [InlineData("apply: reload_htp\n", "services.web.apply")]
    [InlineData("aply: reload_http\n    reload: {url: http://127.0.0.1/}\n", "services.web.aply")]
    [InlineData("apply: reload_http\n    relaod: {url: http://127.0.0.1/}\n", "services.web.relaod")]
    [InlineData("apply: reload_http\n    signal: HUP\n", "services.web.signal")]
    [InlineData("apply: restart\n    fallback: none\n", "services.web.fallback")]
    [InlineData("apply: restart\n    reload: {url: ftp://x/}\n", "services.web.reload")]
    [InlineData("container: \"bad name\"\n    managed: {image: gw:v1}\n", "services.web.container")]
    [InlineData("wait: {min: soon, max: 1s}\n", "services.web.wait.min")]
    [InlineData("verify: {http: {ulr: http://127.0.0.1/}}\n", "services.web.verify.http.ulr")]
    public async Task Load_DoesNotReportAnErrorCausedOnlyByAnother(string lines, string keyPath)
    {
        var e = await LoadFailsAsync("version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    " + lines);

        Assert.Equal(keyPath, Assert.Single(e.Errors).KeyPath);
    }

    [Theory]
    [InlineData("version: 1\nservice:\n  web:\n    inputs: [a.conf]\n", "service")]
    [InlineData("verison: 1\nservices:\n  web:\n    inputs: [a.conf]\n", "verison")]
    [InlineData("version: 1\nservices:\n  web:\n    inptus: [a.conf]\n", "services.web.inptus")]
    [InlineData("version: 1\nservices:\n  web:\n    manged: {image: gw:v1}\n", "services.web.manged")]
    [InlineData("version: 1\nservices:\n  web:\n    manged: {image: gw:v1}\n    inputs: []\n", "services.web.manged")]
    [InlineData("version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    managed: {imgae: gw:v1}\n", "services.web.managed.imgae")]
    public async Task Load_MisspeltKey_IsNotAlsoReportedMissing(string yaml, string keyPath)
    {
        var e = await LoadFailsAsync(yaml);

        Assert.Equal(keyPath, Assert.Single(e.Errors).KeyPath);
    }

    [Fact]
    public async Task Load_YamlSyntaxError_IsReportedAlone()
    {
        var e = await LoadFailsAsync("version: 1\nfrobnicate: 1\nservices:\n  web:\n    inputs: [a.conf\n    apply: reboot\n");

        Assert.StartsWith("YAML syntax error: ", Assert.Single(e.Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_UnsupportedVersion_IsReportedAlone()
    {
        var e = await LoadFailsAsync("version: 2\nfrobnicate: 1\nservices:\n  web:\n    inputs: [a.conf]\n    apply: reboot\n");

        Assert.Equal("unsupported version 2; this driftless reads version 1", Assert.Single(e.Errors).Problem);
    }

    [Fact]
    public async Task Load_MalformedVersion_IsReportedWithTheRest()
    {
        var e = await LoadFailsAsync("version: \"1\"\nservices:\n  web:\n    inputs: [a.conf]\n    apply: reboot\n");

        Assert.Equal(["version", "services.web.apply"], e.Errors.Select(error => error.KeyPath));
    }

    [Fact]
    public async Task Load_InvalidServiceName_StillChecksItsBody_AndCountsAsDeclared()
    {
        var e = await LoadFailsAsync("version: 1\nservices:\n  _web:\n    inputs: [a.conf]\n    apply: reboot\n  api:\n    inputs: [a.conf]\n    depends_on: [_web]\n");

        Assert.Equal([(3, "services._web"), (5, "services._web.apply")], Where(e));
    }

    [Fact]
    public async Task Load_ReportsUnknownDependencyAndCycle_Both()
    {
        var e = await LoadFailsAsync(
            "version: 1\nservices:\n  a:\n    inputs: [a.conf]\n    depends_on: [b, nope]\n  b:\n    inputs: [a.conf]\n    depends_on: [a]\n");

        Assert.Equal(
            [(5, "services.a.depends_on"), (5, "services.a.depends_on[1]")],
            Where(e));
        Assert.Equal(["depends_on cycle: a → b → a", "unknown service 'nope'; valid services: a, b"], e.Errors.Select(error => error.Problem));
    }

    [Fact]
    public async Task Load_BothTokenKeys_ReportsTheSecond_AndChecksBothValues()
    {
        var e = await LoadFailsAsync("version: 1\nagent: {token_file: t, token_env: 1X}\nservices:\n  web:\n    inputs: [a.conf]\n");

        Assert.Equal(
            ["set either token_file or token_env, not both", "'1X' is not an environment variable name: use letters, digits and '_', not starting with a digit"],
            e.Errors.Select(error => error.Problem));
    }
}
