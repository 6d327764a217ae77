using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

public sealed class RegistryLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("My Stack.v2");

    public void Dispose() => _dir.Dispose();

    private Task<DriftlessRegistry> LoadAsync(string yaml)
    {
        var path = _dir.Write("driftless.yaml", yaml);
        return new RegistryLoader().LoadAsync(path, CancellationToken.None);
    }

    private async Task<RegistryException> LoadFailsAsync(RegistryCase @case)
    {
        var e = await Assert.ThrowsAsync<RegistryException>(() => LoadAsync(@case.Yaml));
        Assert.Equal(ErrorKind.InvalidRegistry, e.Kind);
        Assert.Equal(_dir.PathOf("driftless.yaml"), e.FilePath);
        Assert.StartsWith($"{e.FilePath}:{e.Line}:{e.Column}: ", e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public async Task Load_FullRegistry_ReadsEveryKey()
    {
        RegistrySamples.CreateInputs(_dir);

        var registry = await LoadAsync(RegistryCases.FullSample.Yaml);

        Assert.Equal(_dir.PathOf("driftless.yaml"), registry.FilePath);
        Assert.Equal(_dir.Root, registry.BaseDirectory);
        Assert.Equal("cogni-runtime", registry.Project);
        Assert.Equal([_dir.PathOf("docker-compose.yml")], registry.ComposeFiles);
        Assert.Equal(_dir.PathOf(".state"), registry.StateDirectory);
        Assert.Equal(["litellm", "caddy", "app"], registry.Services.Select(s => s.Name));

        var litellm = registry.Find("litellm")!;
        Assert.Equal(ApplyMode.Recreate, litellm.Apply);
        Assert.Null(litellm.Container);
        Assert.Null(litellm.StopGrace);
        Assert.Equal(VerifySpec.Default, litellm.Verify);
        Assert.Equal(7, litellm.Line);
        var input = Assert.Single(litellm.Inputs);
        Assert.Equal(new InputSpec("configs/litellm.config.yaml", _dir.PathOf("configs/litellm.config.yaml"), InputKind.File), input);

        var caddy = registry.Find("caddy")!;
        Assert.Equal("edge-caddy", caddy.Container);
        Assert.Equal(ApplyMode.Restart, caddy.Apply);
        Assert.Equal(TimeSpan.FromSeconds(10), caddy.StopGrace);
        Assert.Equal(TimeSpan.FromMilliseconds(500), caddy.Verify.Settle);
        Assert.Equal(new InputSpec("configs/caddy/", _dir.PathOf("configs/caddy"), InputKind.Directory), Assert.Single(caddy.Inputs));

        var app = registry.Find("app")!;
        Assert.Equal(ApplyMode.None, app.Apply);
        Assert.Equal([InputKind.Directory, InputKind.File], app.Inputs.Select(i => i.Kind));
    }

    [Fact]
    public async Task Load_MinimalRegistry_AppliesDefaults()
    {
        RegistrySamples.CreateInputs(_dir);
        _dir.Write("compose.yml", "services: {}\n");

        var registry = await LoadAsync(RegistryCases.MinimalWithStopGrace.Yaml);

        Assert.Equal("mystackv2", registry.Project);
        // compose.yml outranks docker-compose.yml in compose's own discovery order.
        Assert.Equal([_dir.PathOf("compose.yml")], registry.ComposeFiles);
        Assert.Equal(_dir.PathOf(".driftless"), registry.StateDirectory);
        var web = Assert.Single(registry.Services);
        Assert.Equal(ApplyMode.Restart, web.Apply);
        Assert.Equal(TimeSpan.FromSeconds(90), web.StopGrace);
        Assert.Equal(TimeSpan.FromSeconds(1), web.Verify.Settle);
    }

    [Fact]
    public async Task Load_WithoutComposeFileBeside_HasNoComposeFiles()
    {
        _dir.Write("configs/web.conf", "x");

        var registry = await LoadAsync(RegistryCases.MinimalSample.Yaml);

        Assert.Empty(registry.ComposeFiles);
    }

    [Fact]
    public async Task Load_DirectoryNamedWithoutTrailingSlash_IsADirectoryInput()
    {
        _dir.Write("configs/web.conf/main.conf", "x");

        var registry = await LoadAsync(RegistryCases.MinimalSample.Yaml);

        Assert.Equal(InputKind.Directory, registry.Services[0].Inputs[0].Kind);
    }

    [Fact]
    public async Task Load_AbsoluteInputPath_IsKept()
    {
        using var other = new TempDirectory();
        var absolute = other.Write("abs.conf", "x");

        var registry = await LoadAsync($"version: 1\nservices:\n  web:\n    inputs: [{absolute}]\n");

        Assert.Equal(absolute, registry.Services[0].Inputs[0].FullPath);
    }

    [Fact]
    public async Task Load_RejectsUnknownTopLevelKey_ListingValidKeys()
    {
        var e = await LoadFailsAsync(RegistryCases.UnknownTopLevelKey);

        Assert.Equal((2, 1), (e.Line, e.Column));
        Assert.Equal("frobnicate", e.KeyPath);
        Assert.Equal("unknown key 'frobnicate'; valid keys: version, project, compose, state, tick, wait, agent, history, services", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsMisspelledTopLevelKey_WithSuggestion()
    {
        var e = await LoadFailsAsync(RegistryCases.MisspelledTopLevelKey);

        Assert.Equal((2, 1), (e.Line, e.Column));
        Assert.Equal("service", e.KeyPath);
        Assert.Contains("did you mean 'services'?", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsUnknownServiceKey_WithLineColumnAndSuggestion()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.UnknownServiceKey);

        Assert.Equal((4, 5), (e.Line, e.Column));
        Assert.Equal("services.caddy.inptus", e.KeyPath);
        Assert.Equal("unknown key 'inptus'; did you mean 'inputs'?", e.Problem);
        Assert.Equal($"{e.FilePath}:4:5: services.caddy.inptus: unknown key 'inptus'; did you mean 'inputs'?", e.Message);
    }

    [Fact]
    public async Task Load_RejectsUnknownVerifyKey_WithKeyPath()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.UnknownVerifyKey);

        Assert.Equal((6, 7), (e.Line, e.Column));
        Assert.Equal("services.caddy.verify.setle", e.KeyPath);
        Assert.Contains("did you mean 'settle'?", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsUnknownApplyMode_ListingValidModes()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.UnknownApplyMode);

        Assert.Equal((5, 12), (e.Line, e.Column));
        Assert.Equal("services.caddy.apply", e.KeyPath);
        Assert.Equal("unknown apply mode 'reboot'; valid modes: none, restart, recreate, reload_http, signal, exec", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsMisspelledApplyMode_WithSuggestion()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.MisspelledApplyMode);

        Assert.Contains("valid modes: none, restart, recreate, reload_http, signal, exec", e.Problem, StringComparison.Ordinal);
        Assert.Contains("did you mean 'restart'?", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsYamlSyntaxError_WithPosition()
    {
        var e = await LoadFailsAsync(RegistryCases.YamlSyntaxError);

        Assert.True(e.Line >= 4, $"line {e.Line}");
        Assert.True(e.Column >= 1);
        Assert.StartsWith("YAML syntax error: ", e.Problem, StringComparison.Ordinal);
        Assert.StartsWith("services.caddy", e.KeyPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsBadIndentation_AsSyntaxError()
    {
        var e = await LoadFailsAsync(RegistryCases.BadIndentation);

        Assert.Equal(5, e.Line);
        Assert.StartsWith("YAML syntax error: ", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsDuplicateKey_WithKeyPath()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.DuplicateKey);

        Assert.Equal((6, 5), (e.Line, e.Column));
        Assert.Equal("services.caddy.apply", e.KeyPath);
        Assert.Equal("duplicate key 'apply'", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsDuplicateService_WithKeyPath()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.DuplicateService);

        Assert.Equal((5, 3), (e.Line, e.Column));
        Assert.Equal("services.caddy", e.KeyPath);
    }

    [Fact]
    public async Task Load_RejectsMissingInput_AtItsListItem()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.MissingInput);

        Assert.Equal((6, 9), (e.Line, e.Column));
        Assert.Equal("services.caddy.inputs[1]", e.KeyPath);
        Assert.Equal($"input 'missing.conf' does not exist: {_dir.PathOf("missing.conf")}", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsDanglingSymlinkInput_AsUnreadable()
    {
        File.CreateSymbolicLink(_dir.PathOf("gone.conf"), _dir.PathOf("nowhere.conf"));

        var e = await LoadFailsAsync(RegistryCases.DanglingSymlinkInput);

        Assert.Equal((4, 14), (e.Line, e.Column));
        Assert.Equal("services.caddy.inputs[0]", e.KeyPath);
        Assert.Contains("symlink whose target does not exist", e.Problem, StringComparison.Ordinal);
        Assert.Contains(_dir.PathOf("gone.conf"), e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsUnreadableInput_WhenPermissionsAreEnforced()
    {
        var path = _dir.Write("secret.conf", "x");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(path, UnixFileMode.None);
        if (CanOpen(path))
        {
            // Running as root: mode 000 does not stop reads, so there is nothing to reject (the dangling-symlink test covers "unreadable").
            return;
        }

        var e = await LoadFailsAsync(RegistryCases.UnreadableInput);

        Assert.Equal((4, 14), (e.Line, e.Column));
        Assert.Equal("services.caddy.inputs[0]", e.KeyPath);
        Assert.Contains("cannot be read", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsFileDeclaredAsDirectory()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.FileDeclaredAsDirectory);

        Assert.Equal("services.caddy.inputs[0]", e.KeyPath);
        Assert.Contains("declared as a directory", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsVersion2()
    {
        var e = await LoadFailsAsync(RegistryCases.Version2);

        Assert.Equal((1, 10), (e.Line, e.Column));
        Assert.Equal("version", e.KeyPath);
        Assert.Equal("unsupported version 2; this driftless reads version 1", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsMissingVersion()
    {
        var e = await LoadFailsAsync(RegistryCases.MissingVersion);

        Assert.Equal((1, 1), (e.Line, e.Column));
        Assert.Equal("version", e.KeyPath);
        Assert.Contains("missing required key 'version'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsQuotedVersion()
    {
        var e = await LoadFailsAsync(RegistryCases.QuotedVersion);

        Assert.Equal("version", e.KeyPath);
        Assert.Equal("must be the number 1, not '1'", e.Problem);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadDurations), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsBadDuration(string name)
    {
        var @case = RegistryCases.Get(name);
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(@case);

        Assert.Equal((5, 17), (e.Line, e.Column));
        Assert.Equal("services.caddy.stop_grace", e.KeyPath);
        Assert.Equal($"invalid duration '{@case.Expect}'; use a number with a unit, e.g. 500ms, 10s, 1m, 1m30s, 2h", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsBadSettleDuration()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.BadSettleDuration);

        Assert.Equal((6, 15), (e.Line, e.Column));
        Assert.Equal("services.caddy.verify.settle", e.KeyPath);
    }

    [Fact]
    public async Task Load_RejectsEmptyServices()
    {
        var e = await LoadFailsAsync(RegistryCases.EmptyServices);

        Assert.Equal((2, 11), (e.Line, e.Column));
        Assert.Equal("services", e.KeyPath);
        Assert.Equal("must declare at least one service", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsMissingServices()
    {
        var e = await LoadFailsAsync(RegistryCases.MissingServices);

        Assert.Equal("services", e.KeyPath);
        Assert.Contains("missing required key 'services'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsInputsGivenAsString()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.InputsGivenAsString);

        Assert.Equal((4, 13), (e.Line, e.Column));
        Assert.Equal("services.caddy.inputs", e.KeyPath);
        Assert.Equal("must be a list (e.g. [a, b]), not 'a.conf'", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsEmptyInputs()
    {
        var e = await LoadFailsAsync(RegistryCases.EmptyInputs);

        Assert.Equal((4, 13), (e.Line, e.Column));
        Assert.Equal("services.caddy.inputs", e.KeyPath);
        Assert.Equal("must list at least one file or directory", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsServiceWithoutInputs()
    {
        var e = await LoadFailsAsync(RegistryCases.ServiceWithoutInputs);

        Assert.Equal((3, 3), (e.Line, e.Column));
        Assert.Equal("services.caddy.inputs", e.KeyPath);
        Assert.Contains("missing required key 'inputs'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsInvalidServiceName()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.InvalidServiceName);

        Assert.Equal((3, 3), (e.Line, e.Column));
        Assert.Equal("services._caddy", e.KeyPath);
        Assert.Contains("invalid compose service name '_caddy'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsMissingComposeFile()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.MissingComposeFile);

        Assert.Equal((3, 11), (e.Line, e.Column));
        Assert.Equal("compose.files[0]", e.KeyPath);
        Assert.Equal($"compose file does not exist: {_dir.PathOf("compose.prod.yml")}", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsInvalidExplicitProjectName_SuggestingTheNormalisedOne()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.InvalidExplicitProjectName);

        Assert.Equal((2, 10), (e.Line, e.Column));
        Assert.Equal("project", e.KeyPath);
        Assert.Contains("did you mean 'my_app'?", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.EmptyFiles), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsEmptyFile(string name)
    {
        var e = await LoadFailsAsync(RegistryCases.Get(name));

        Assert.Equal((1, 1), (e.Line, e.Column));
        Assert.Contains("empty", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsTopLevelList()
    {
        var e = await LoadFailsAsync(RegistryCases.TopLevelList);

        Assert.Equal((1, 1), (e.Line, e.Column));
        Assert.Null(e.KeyPath);
        Assert.Contains("top level must be a mapping", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsMissingRegistryFile_WithoutPosition()
    {
        var path = _dir.PathOf("nope.yaml");

        var e = await Assert.ThrowsAsync<RegistryException>(() => new RegistryLoader().LoadAsync(path, CancellationToken.None));

        Assert.Equal(0, e.Line);
        Assert.Equal($"{path}: registry file not found", e.Message);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.ZeroDurations), MemberType = typeof(RegistryCases))]
    public async Task Load_ZeroDuration_MayBeWrittenAsAnyYamlZero(string name)
    {
        _dir.Write("a.conf", "x");

        var registry = await LoadAsync(RegistryCases.Get(name).Yaml);

        Assert.Equal(TimeSpan.Zero, registry.Services[0].StopGrace);
        Assert.Equal(TimeSpan.Zero, registry.Services[0].Verify.Settle);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.VersionSpellings), MemberType = typeof(RegistryCases))]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.Typing), MemberType = typeof(RegistryCases))]
    public async Task Load_TypesScalarsAsYamlDoes_NamesMustBeStrings_TextTakesNumbers(string name)
    {
        var @case = RegistryCases.Get(name);
        _dir.Write("a.conf", "x");

        if (@case.IsValid)
        {
            await LoadAsync(@case.Yaml);
            return;
        }

        var e = await LoadFailsAsync(@case);
        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.StartsWith(@case.Expect ?? string.Empty, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsBlankInput_AsEmpty()
    {
        var e = await LoadFailsAsync(RegistryCases.BlankInput);

        Assert.Equal((4, 14), (e.Line, e.Column));
        Assert.Equal("services.caddy.inputs[0]", e.KeyPath);
        Assert.Equal("input path is empty", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsSecondYamlDocument_Alone()
    {
        _dir.Write("a.conf", "x");
        var e = await LoadFailsAsync(RegistryCases.TwoDocuments);

        Assert.Equal((6, 1), (e.Line, e.Column));
        Assert.Equal("the registry file must hold exactly one YAML document", Assert.Single(e.Errors).Problem);
    }

    private static bool CanOpen(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
