using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary>reload / signal / exec, fallback, on_stale_mount, verify checks, depends_on and ${VAR} references.</summary>
public sealed class RegistryInPlaceModesTests : IDisposable
{
    private readonly RegistryFiles _files = new(RegistrySamples.InPlaceEnvironment);

    private TempDirectory Dir => _files.Dir;

    public void Dispose() => _files.Dispose();

    private Task<DriftlessRegistry> LoadAsync(string yaml, Func<string, string?>? environment = null) => _files.LoadAsync(yaml, environment);

    private Task<RegistryException> LoadFailsAsync(RegistryCase @case, Func<string, string?>? environment = null) =>
        _files.LoadFailsAsync(@case.Yaml, environment ?? @case.Environment);

    [Fact]
    public async Task Load_InPlaceSample_MapsEveryNewKeyToTheModel()
    {
        RegistrySamples.CreateInputs(Dir);

        var registry = await LoadAsync(RegistryCases.InPlaceSample.Yaml);

        Assert.Equal(["alloy", "nginx", "caddy"], registry.Services.Select(s => s.Name));

        var alloy = registry.Find("alloy")!;
        Assert.Equal(ApplyMode.ReloadHttp, alloy.Apply);
        var reload = alloy.Reload!;
        Assert.Equal("http://127.0.0.1:12345/-/reload", reload.Url);
        Assert.Equal("PUT", reload.Method);
        Assert.Equal(
            [KeyValuePair.Create("Authorization", "Bearer ${ALLOY_TOKEN}"), KeyValuePair.Create("X-Source", "driftless")],
            reload.Headers);
        Assert.Equal("Bearer ${ALLOY_TOKEN}", reload.Headers["authorization"]);
        Assert.Equal(TimeSpan.FromSeconds(5), reload.Timeout);
        Assert.Equal([200, 204], reload.ExpectStatus);
        Assert.Equal(ApplyMode.Recreate, alloy.Fallback);
        Assert.Equal(StaleMountAction.Restart, alloy.OnStaleMount);
        Assert.Null(alloy.Signal);
        Assert.Null(alloy.Exec);
        Assert.Empty(alloy.DependsOn);
        Assert.Equal(VerifySpec.Default, alloy.Verify);

        var nginx = registry.Find("nginx")!;
        Assert.Equal(ApplyMode.Signal, nginx.Apply);
        Assert.Equal("SIGHUP", nginx.Signal);
        Assert.Null(nginx.Reload);
        Assert.Null(nginx.Fallback);
        Assert.Equal(StaleMountAction.Fail, nginx.OnStaleMount);
        Assert.Equal(["alloy"], nginx.DependsOn);

        var caddy = registry.Find("caddy")!;
        Assert.Equal(ApplyMode.Exec, caddy.Apply);
        Assert.Equal(["caddy", "reload", "--config", "/etc/caddy/Caddyfile"], caddy.Exec!);
        Assert.Equal(ApplyMode.Restart, caddy.Fallback);
        Assert.Equal(StaleMountAction.Recreate, caddy.OnStaleMount);
        Assert.Equal(["nginx", "alloy"], caddy.DependsOn);
        Assert.Equal(TimeSpan.FromSeconds(2), caddy.Verify.Settle);
        Assert.Equal(TimeSpan.FromSeconds(45), caddy.Verify.Timeout);
        Assert.Equal(["wget", "-q", "-O-", "http://127.0.0.1/"], caddy.Verify.Exec!);
        var http = caddy.Verify.Http!;
        Assert.Equal("http://127.0.0.1:8080/health", http.Url);
        Assert.Equal([200], http.ExpectStatus);
        Assert.Equal("ok", http.BodyContains);
        Assert.Equal([KeyValuePair.Create("X-Token", "${HEALTH_TOKEN}")], http.Headers);
    }

    [Fact]
    public async Task Load_KeepsTemplates_SoNoEnvironmentValueIsInTheModel()
    {
        RegistrySamples.CreateInputs(Dir);

        var registry = await LoadAsync(RegistryCases.InPlaceSample.Yaml);

        var everything = string.Join('\n', registry.Services.Select(s =>
            $"{s} {s.Reload} {string.Join(',', s.Reload?.Headers ?? new Dictionary<string, string>())} {s.Verify.Http} {string.Join(',', s.Verify.Http?.Headers ?? new Dictionary<string, string>())}"));
        Assert.DoesNotContain("s3cret", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_InPlaceKeysLeftOut_TakeTheirDefaults()
    {
        var registry = await LoadAsync(RegistryCases.InPlaceKeysLeftOut.Yaml);

        var alloy = registry.Services[0];
        Assert.Equal("POST", alloy.Reload!.Method);
        Assert.Empty(alloy.Reload.Headers);
        Assert.Equal(ReloadSpec.DefaultTimeout, alloy.Reload.Timeout);
        Assert.Empty(alloy.Reload.ExpectStatus);
        Assert.Null(alloy.Fallback);
        Assert.Equal(StaleMountAction.Restart, alloy.OnStaleMount);
        Assert.Empty(alloy.DependsOn);
        Assert.Equal(VerifySpec.DefaultTimeout, alloy.Verify.Timeout);
        Assert.Equal(VerifySpec.Default.Settle, alloy.Verify.Settle);
        Assert.Null(alloy.Verify.Exec);
        Assert.Empty(alloy.Verify.Http!.ExpectStatus);
        Assert.Null(alloy.Verify.Http.BodyContains);
        Assert.Empty(alloy.Verify.Http.Headers);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.Signals), MemberType = typeof(RegistryCases))]
    public async Task Load_Signal_AcceptsNamesWithOrWithoutSigInAnyCase_StoringSigForm(string name)
    {
        var @case = RegistryCases.Get(name);

        var registry = await LoadAsync(@case.Yaml);

        Assert.Equal(@case.Expect, registry.Services[0].Signal);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.ReloadMethods), MemberType = typeof(RegistryCases))]
    public async Task Load_ReloadMethod_IsCaseInsensitive_StoredUpper(string name)
    {
        var @case = RegistryCases.Get(name);

        var registry = await LoadAsync(@case.Yaml);

        Assert.Equal(@case.Expect, registry.Services[0].Reload!.Method);
    }

    [Fact]
    public async Task Load_TemplatedUrl_IsKeptAsWritten()
    {
        var registry = await LoadAsync(RegistryCases.TemplatedUrl.Yaml, name => name == "ALLOY_TOKEN" ? "x" : null);

        Assert.Equal("http://${ALLOY_TOKEN}@127.0.0.1/-/reload", registry.Services[0].Reload!.Url);
    }

    [Fact]
    public async Task Load_EmptyEnvironmentValue_CountsAsSet()
    {
        var registry = await LoadAsync(RegistryCases.EmptyEnvironmentValue.Yaml, name => name == "EMPTY" ? string.Empty : null);

        Assert.Equal("${EMPTY}", registry.Services[0].Reload!.Headers["X-Key"]);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.InPlaceModeWithoutItsSetting), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsInPlaceModeWithoutItsSetting_AtTheService(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal((3, 3), (e.Line, e.Column));
        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.Equal(@case.Expect, e.Problem);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.ModeSettingWithAnotherMode), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsModeSettingWithAnotherMode_AtItsKey(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal((6, 5), (e.Line, e.Column));
        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.Equal(@case.Expect, e.Problem);
    }

    [Fact]
    public async Task Load_RejectsReloadWithoutApply_BecauseTheDefaultIsRestart()
    {
        var e = await LoadFailsAsync(RegistryCases.ReloadWithoutApply);

        Assert.Equal((5, 5), (e.Line, e.Column));
        Assert.Equal("reload: is only used with apply: reload_http", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsUnknownSignal_ListingNamesAndSuggesting()
    {
        var e = await LoadFailsAsync(RegistryCases.UnknownSignal);

        Assert.Equal((6, 13), (e.Line, e.Column));
        Assert.Equal("services.alloy.signal", e.KeyPath);
        Assert.Equal(
            "unknown signal 'SIGHUPP'; use a POSIX name such as SIGHUP, SIGUSR1, SIGUSR2, SIGTERM, SIGINT, SIGQUIT, SIGWINCH (did you mean 'SIGHUP'?)",
            e.Problem);
    }

    [Fact]
    public async Task Load_RejectsUnknownSignalWithNothingClose_WithoutSuggestion()
    {
        var e = await LoadFailsAsync(RegistryCases.UnknownSignalWithNothingClose);

        Assert.StartsWith("unknown signal 'RELOAD'; use a POSIX name such as SIGHUP", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsSignalNumber()
    {
        var e = await LoadFailsAsync(RegistryCases.SignalNumber);

        Assert.Equal("services.alloy.signal", e.KeyPath);
        Assert.StartsWith("signal numbers are not accepted", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsEmptyExec()
    {
        var e = await LoadFailsAsync(RegistryCases.EmptyExec);

        Assert.Equal((6, 11), (e.Line, e.Column));
        Assert.Equal("services.alloy.exec", e.KeyPath);
        Assert.Equal("must list the command and its arguments, e.g. [caddy, reload, --config, /etc/caddy/Caddyfile]", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsEmptyExecArgument_AtItsListItem()
    {
        var e = await LoadFailsAsync(RegistryCases.EmptyExecArgument);

        Assert.Equal((6, 19), (e.Line, e.Column));
        Assert.Equal("services.alloy.exec[1]", e.KeyPath);
        Assert.Equal("must be a non-empty string, not ''", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsExecGivenAsString()
    {
        var e = await LoadFailsAsync(RegistryCases.ExecGivenAsString);

        Assert.Equal("services.alloy.exec", e.KeyPath);
        Assert.Equal("must be a list (e.g. [a, b]), not 'caddy reload'", e.Problem);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.EscalationKeysWithoutAnInPlaceMode), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsEscalationKeysWithoutAnInPlaceMode(string name)
    {
        var @case = RegistryCases.Get(name);
        var (mode, key) = (name[(name.IndexOf(": ", StringComparison.Ordinal) + 2)..], @case.Expect);

        var e = await LoadFailsAsync(@case);

        Assert.Equal((6, 5), (e.Line, e.Column));
        Assert.Equal($"services.alloy.{key}", e.KeyPath);
        Assert.Equal($"{key}: is only used with an in-place apply mode (reload_http, signal, exec), not apply: {mode}", e.Problem);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.UnknownEscalationValues), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsUnknownEscalationValues(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal(7, e.Line);
        Assert.Equal(@case.Expect, e.Problem);
    }

    [Fact]
    public async Task Load_RejectsUnknownApplyMode_ListingAllSixModes()
    {
        var e = await LoadFailsAsync(RegistryCases.UnknownApplyModeReload);

        Assert.Equal("services.alloy.apply", e.KeyPath);
        Assert.Equal("unknown apply mode 'reload'; valid modes: none, restart, recreate, reload_http, signal, exec (did you mean 'reload_http'?)", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsUnknownDependency_AtTheListItem_WithSuggestion()
    {
        var e = await LoadFailsAsync(RegistryCases.UnknownDependency);

        Assert.Equal((7, 18), (e.Line, e.Column));
        Assert.Equal("services.nginx.depends_on[0]", e.KeyPath);
        Assert.Equal("unknown service 'aloy'; did you mean 'alloy'?", e.Problem);
    }

    [Fact]
    public async Task Load_AcceptsDependencyOnAServiceDeclaredLater()
    {
        // 'caddy' is declared after 'nginx' depends on it: a forward reference is fine.
        var registry = await LoadAsync(RegistryCases.DependencyDeclaredLater.Yaml);

        Assert.Equal(["caddy"], registry.Find("nginx")!.DependsOn);
    }

    [Fact]
    public async Task Load_RejectsSelfDependency_AtTheListItem()
    {
        var e = await LoadFailsAsync(RegistryCases.SelfDependency);

        Assert.Equal((7, 25), (e.Line, e.Column));
        Assert.Equal("services.nginx.depends_on[1]", e.KeyPath);
        Assert.Equal("service 'nginx' cannot depend on itself", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsDuplicateDependency_AtTheSecondItem()
    {
        var e = await LoadFailsAsync(RegistryCases.DuplicateDependency);

        Assert.Equal((9, 9), (e.Line, e.Column));
        Assert.Equal("services.nginx.depends_on[1]", e.KeyPath);
        Assert.Equal("'alloy' is listed twice", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsCycle_StartingAtTheFirstServiceOnACycle_TakingTheShortestWayBack()
    {
        var e = await LoadFailsAsync(RegistryCases.TwoNodeCycle);

        Assert.Equal((5, 17), (e.Line, e.Column));
        Assert.Equal("services.web.depends_on", e.KeyPath);
        Assert.Equal("depends_on cycle: web → c → web", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsThreeNodeCycle_AtTheDependsOnOfItsFirstService_WithExactMessage()
    {
        var e = await LoadFailsAsync(RegistryCases.ThreeNodeCycle);

        Assert.Equal((8, 17), (e.Line, e.Column));
        Assert.Equal("services.a.depends_on", e.KeyPath);
        Assert.Equal("depends_on cycle: a → b → c → a", e.Problem);
        Assert.EndsWith("services.a.depends_on: depends_on cycle: a → b → c → a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsUnsetEnvironmentVariable_NamingIt_WithoutPrintingAnyValue()
    {
        var e = await LoadFailsAsync(RegistryCases.UnsetVariableInHeader);

        Assert.Equal((9, 24), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.headers.Authorization", e.KeyPath);
        Assert.Equal("environment variable ALLOY_TOKEN is not set (used in services.alloy.reload.headers.Authorization)", e.Problem);
        Assert.DoesNotContain("topsecret", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.UnsetVariableInEveryTemplatedField), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsUnsetEnvironmentVariable_InEveryTemplatedField(string name)
    {
        var @case = RegistryCases.Get(name);
        var keyPath = @case.KeyPath!;

        var e = await LoadFailsAsync(@case, _ => null);

        Assert.Equal(6, e.Line);
        Assert.Equal(keyPath, e.KeyPath);
        Assert.Matches(@"^environment variable [A-Z_]+ is not set \(used in " + keyPath.Replace(".", "\\.", StringComparison.Ordinal) + @"\)$", e.Problem);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.MalformedVariableReferences), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsMalformedVariableReference_WithoutQuotingTheTemplate(string name)
    {
        var e = await LoadFailsAsync(RegistryCases.Get(name));

        Assert.Equal((8, 24), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.headers.X-Key", e.KeyPath);
        Assert.StartsWith("malformed ${NAME} reference: ", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.ReloadUrlsWithoutHttpScheme), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsReloadUrlWithoutHttpScheme(string name)
    {
        var e = await LoadFailsAsync(RegistryCases.Get(name), _ => "http://x");

        Assert.Equal((7, 12), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.url", e.KeyPath);
        Assert.Equal("must be an http:// or https:// URL (the scheme cannot come from ${VAR})", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsReloadUrlWithoutHost()
    {
        var e = await LoadFailsAsync(RegistryCases.Get("BadUrls: no host"));

        Assert.Equal("services.alloy.reload.url", e.KeyPath);
        Assert.Equal("is not a valid URL", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsReloadWithoutUrl_AtTheReloadKey()
    {
        var e = await LoadFailsAsync(RegistryCases.ReloadWithoutUrl);

        Assert.Equal((6, 5), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.url", e.KeyPath);
        Assert.StartsWith("missing required key 'url'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsVerifyHttpWithoutUrl_AtTheHttpKey()
    {
        var e = await LoadFailsAsync(RegistryCases.VerifyHttpWithoutUrl);

        Assert.Equal((6, 7), (e.Line, e.Column));
        Assert.Equal("services.alloy.verify.http.url", e.KeyPath);
        Assert.StartsWith("missing required key 'url'", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.ExpectStatusOutsideHttpRange), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsExpectStatusOutsideHttpRange_AtTheListItem(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal((8, 28), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.expect_status[1]", e.KeyPath);
        Assert.Equal($"must be an HTTP status code from 100 to 599, not {@case.Expect}", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsVerifyHttpExpectStatusOutOfRange()
    {
        var e = await LoadFailsAsync(RegistryCases.VerifyHttpExpectStatusOutOfRange);

        Assert.Equal("services.alloy.verify.http.expect_status[0]", e.KeyPath);
        Assert.Equal("must be an HTTP status code from 100 to 599, not '600'", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsUnknownHttpMethod_ListingMethods()
    {
        var e = await LoadFailsAsync(RegistryCases.UnknownHttpMethod);

        Assert.Equal((8, 15), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.method", e.KeyPath);
        Assert.Equal("unknown HTTP method 'SEND'; valid methods: GET, POST, PUT, PATCH, DELETE", e.Problem);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.UnknownNestedKeys), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsUnknownNestedKeys_WithSuggestion(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.EndsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsUnknownServiceKey_SuggestingTheNewKeys()
    {
        var e = await LoadFailsAsync(RegistryCases.UnknownServiceKeyDepends);

        Assert.Equal("services.alloy.depends", e.KeyPath);
        Assert.Equal("unknown key 'depends'; did you mean 'depends_on'?", e.Problem);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadReloadTimeouts), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsBadReloadTimeout(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal((8, 16), (e.Line, e.Column));
        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.Equal(@case.Expect, e.Problem);
    }

    [Fact]
    public async Task Load_RejectsBadVerifyTimeout()
    {
        var e = await LoadFailsAsync(RegistryCases.BadVerifyTimeout);

        Assert.Equal((6, 16), (e.Line, e.Column));
        Assert.Equal("services.alloy.verify.timeout", e.KeyPath);
        Assert.StartsWith("invalid duration '30'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsEmptyVerifyExec()
    {
        var e = await LoadFailsAsync(RegistryCases.EmptyVerifyExec);

        Assert.Equal("services.alloy.verify.exec", e.KeyPath);
        Assert.StartsWith("must list the command and its arguments", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsHeaderRepeatedInAnotherCase()
    {
        var e = await LoadFailsAsync(RegistryCases.HeaderRepeatedInAnotherCase);

        Assert.Equal("services.alloy.reload.headers.x-key", e.KeyPath);
        Assert.Equal("header 'x-key' is already set as 'X-Key' (header names are case-insensitive)", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsInvalidHeaderName()
    {
        var e = await LoadFailsAsync(RegistryCases.InvalidHeaderName);

        Assert.Equal("services.alloy.reload.headers.X Key", e.KeyPath);
        Assert.StartsWith("invalid header name 'X Key'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsHeadersGivenAsList()
    {
        var e = await LoadFailsAsync(RegistryCases.HeadersGivenAsList);

        Assert.Equal("services.alloy.reload.headers", e.KeyPath);
        Assert.Equal("must be a mapping, not a list", e.Problem);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadUrls), MemberType = typeof(RegistryCases))]
    public async Task Load_RejectsUrlThatIsNotOne_WithoutQuotingIt(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.StartsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ExpectStatus_IsReadAsYamlReadsAnInteger()
    {
        var registry = await LoadAsync(RegistryCases.ExpectStatusSpellings.Yaml);

        Assert.Equal([200, 300, 204], registry.Services[0].Reload!.ExpectStatus);
    }

    [Fact]
    public async Task Load_RejectsHeaderValueWithLineBreak()
    {
        var e = await LoadFailsAsync(RegistryCases.HeaderValueWithLineBreak);

        Assert.Equal("services.alloy.reload.headers.X-Key", e.KeyPath);
        Assert.Equal("header values cannot contain line breaks", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsZeroVerifyTimeout_HoweverWritten()
    {
        var e = await LoadFailsAsync(RegistryCases.ZeroVerifyTimeout);

        Assert.Equal("services.alloy.verify.timeout", e.KeyPath);
        Assert.Equal("must be longer than 0", e.Problem);
    }
}
