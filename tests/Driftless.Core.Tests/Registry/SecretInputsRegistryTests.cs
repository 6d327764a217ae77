using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary>Secret inputs (issue 11): <c>{path: …, secret: true}</c> entries and the <c>secrets:</c> list.</summary>
public sealed class SecretInputsRegistryTests : IDisposable
{
    private readonly RegistryFiles _files = new(RegistryCases.Environment);

    public SecretInputsRegistryTests() => RegistryCases.CreateInputs(_files.Dir);

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Load_PlainInputs_AreNotSecret()
    {
        var registry = await _files.LoadAsync(RegistryCases.ServiceWithoutManaged.Yaml);

        Assert.False(Assert.Single(Assert.Single(registry.Services).Inputs).Secret);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.SecretInputs), MemberType = typeof(RegistryCases))]
    public async Task Load_SecretInputs_AreInputsMarkedSecret_InTheOrderWritten(string name)
    {
        var @case = RegistryCases.Get(name);

        var service = Assert.Single((await _files.LoadAsync(@case.Yaml)).Services);

        Assert.Equal(@case.Expect, string.Join(',', service.Inputs.Select(input => $"{input.Declared}:{input.Secret}")));
        Assert.All(service.Inputs, input => Assert.StartsWith(_files.Dir.Root, input.FullPath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_SecretDirectory_IsResolvedLikeAnyInput()
    {
        var yaml = RegistryCases.SecretInputs.Single(c => c.Name == "secrets beside inputs").Yaml;

        var service = Assert.Single((await _files.LoadAsync(yaml)).Services);

        var directory = service.Inputs.Single(input => input.Declared == "configs/caddy/");
        Assert.Equal((InputKind.Directory, _files.Dir.PathOf("configs/caddy"), true), (directory.Kind, directory.FullPath, directory.Secret));
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadSecretInputs), MemberType = typeof(RegistryCases))]
    public async Task Load_BadSecretInput_Fails65_NamingTheKey(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await _files.LoadFailsAsync(@case.Yaml);

        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.StartsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
        Assert.Single(e.Errors);
    }

    [Fact]
    public async Task Load_SecretListedAsPlain_NeverQuotesTheFileContent()
    {
        _files.Dir.Write("token", "s3cr3t-value");
        var yaml = "version: 1\nservices:\n  web:\n    inputs: [token]\n    secrets: [./token]\n";

        var e = await _files.LoadFailsAsync(yaml);

        Assert.Equal("services.web.secrets[0]", e.KeyPath);
        Assert.DoesNotContain("s3cr3t", e.Message, StringComparison.Ordinal);
    }
}
