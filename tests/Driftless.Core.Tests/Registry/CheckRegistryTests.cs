using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary><c>check:</c> (issue 11): its model, its placeholders and every rejected form.</summary>
public sealed class CheckRegistryTests : IDisposable
{
    private readonly RegistryFiles _files = new(RegistryCases.Environment);

    public CheckRegistryTests() => RegistryCases.CreateInputs(_files.Dir);

    public void Dispose() => _files.Dispose();

    private async Task<ServiceSpec> LoadServiceAsync(RegistryCase @case) => Assert.Single((await _files.LoadAsync(@case.Yaml)).Services);

    private Task<RegistryException> LoadFailsAsync(RegistryCase @case) => _files.LoadFailsAsync(@case.Yaml);

    [Fact]
    public async Task Load_ServiceWithoutCheck_HasNone()
    {
        var service = await LoadServiceAsync(RegistryCases.ServiceWithoutManaged);

        Assert.Null(service.Check);
    }

    [Fact]
    public async Task Load_CheckWithOnlyExec_DefaultsTo30sInAContainer()
    {
        var check = (await LoadServiceAsync(RegistryCases.CheckWithDefaults)).Check;

        Assert.NotNull(check);
        Assert.Equal(["alloy", "fmt", "/etc/alloy/config.alloy"], check.Exec);
        Assert.Equal(TimeSpan.FromSeconds(30), check.Timeout);
        Assert.Equal(CheckSpec.DefaultTimeout, check.Timeout);
        Assert.Equal(CheckLocation.Container, check.Where);
    }

    [Fact]
    public async Task Load_CheckWithEveryKey_MapsToTheModel()
    {
        var check = (await LoadServiceAsync(RegistryCases.CheckEveryKey)).Check;

        Assert.Equal(new CheckSpec(check!.Exec, TimeSpan.FromSeconds(90), CheckLocation.Container), check);
        Assert.Equal(["caddy", "validate", "--config", "/etc/caddy/Caddyfile"], check.Exec);
    }

    [Fact]
    public async Task Load_CheckOnAManagedService_AcceptsTheLongestTimeout()
    {
        var service = await LoadServiceAsync(RegistryCases.CheckOnManagedService);

        Assert.NotNull(service.Managed);
        Assert.Equal(CheckSpec.MaxTimeout, service.Check!.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(10), service.Check.Timeout);
    }

    [Fact]
    public async Task Load_CheckBesideAnInPlaceMode_KeepsBothArgvApart()
    {
        var service = await LoadServiceAsync(RegistryCases.CheckWithInPlaceMode);

        Assert.Equal(["caddy", "reload"], service.Exec);
        Assert.Equal(["caddy", "validate"], service.Check!.Exec);
    }

    [Fact]
    public async Task Load_ContainerCheck_KeepsBracesLiteral()
    {
        var check = (await LoadServiceAsync(RegistryCases.ContainerCheckLiteralBraces)).Check!;

        Assert.Equal(["sh", "-c", "test -f /x && { echo ok; }", "{}"], check.Exec);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.HostCheckArguments), MemberType = typeof(RegistryCases))]
    public async Task Expand_HostCheck_PutsTheInputsHostPathsInPlace(string name)
    {
        var @case = RegistryCases.Get(name);
        var service = await LoadServiceAsync(@case);

        var expanded = CheckPlaceholders.Expand(service.Check!.Exec, service.Inputs);

        Assert.Equal(CheckLocation.Host, service.Check.Where);
        Assert.Equal(@case.Expect, Relative(expanded));
    }

    [Fact]
    public async Task Expand_OnlyInput_IsItsAbsoluteHostPath()
    {
        var service = await LoadServiceAsync(RegistryCases.HostCheckOnlyInput);

        var expanded = CheckPlaceholders.Expand(service.Check!.Exec, service.Inputs);

        Assert.Equal(["alloy", "fmt", _files.Dir.PathOf("a.conf")], expanded);
        Assert.True(Path.IsPathFullyQualified(expanded[2]));
    }

    [Theory]
    [InlineData("{input:3}")]
    [InlineData("{input}")]
    [InlineData("{nope}")]
    [InlineData("a}")]
    public void Expand_APlaceholderTheLoaderRejects_Throws(string argument)
    {
        var inputs = new[] { new InputSpec("a", "/x/a", InputKind.File), new InputSpec("b", "/x/b", InputKind.File) };

        Assert.Throws<ArgumentException>(() => CheckPlaceholders.Expand(["tool", argument], inputs));
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadChecks), MemberType = typeof(RegistryCases))]
    public async Task Load_BadCheck_Fails65_NamingTheKey(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.StartsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
        Assert.Single(e.Errors);
        if (@case.At is { } at)
        {
            Assert.Equal(at, (e.Line, e.Column));
        }
    }

    [Fact]
    public async Task Load_PlaceholderUnderAnUnknownWhere_ReportsOnlyTheLocation()
    {
        var e = await LoadFailsAsync(RegistryCases.PlaceholderUnderUnknownWhere);

        var error = Assert.Single(e.Errors);
        Assert.Equal("services.alloy.check.where", error.KeyPath);
    }

    [Fact]
    public async Task Load_SeveralCheckProblems_AreReportedAtOnce_WithFileLineAndKey()
    {
        var yaml = RegistryCases.Alloy("check:", "  exec: caddy validate", "  timeout: 0s", "  where: remote");

        var e = await _files.LoadFailsAsync(yaml);

        Assert.Equal(
            [("services.alloy.check.exec", 6), ("services.alloy.check.timeout", 7), ("services.alloy.check.where", 8)],
            e.Errors.Select(error => (error.KeyPath, error.Line)));
        Assert.All(e.Errors, error => Assert.EndsWith("driftless.yaml", error.FilePath, StringComparison.Ordinal));
        Assert.Equal(ErrorKind.InvalidRegistry, e.Kind);
    }

    private string Relative(IReadOnlyList<string> argv) =>
        string.Join(' ', argv).Replace(_files.Dir.Root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
}
