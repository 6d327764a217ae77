using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary>reload / signal / exec, fallback, on_stale_mount, verify checks, depends_on and ${VAR} references.</summary>
public sealed class RegistryInPlaceModesTests : IDisposable
{
    private readonly RegistryFiles _files = new(RegistrySamples.InPlaceEnvironment);

    private TempDirectory Dir => _files.Dir;

    public void Dispose() => _files.Dispose();

    /// <summary>One service <c>alloy</c> (line 3) with <c>inputs: [a.conf]</c> (line 4); <paramref name="lines"/> start at line 5, indented under it.</summary>
    private static string Alloy(params string[] lines) =>
        "version: 1\nservices:\n  alloy:\n    inputs: [a.conf]\n" + string.Concat(lines.Select(line => $"    {line}\n"));

    private Task<DriftlessRegistry> LoadAsync(string yaml, Func<string, string?>? environment = null) => _files.LoadAsync(yaml, environment);

    private Task<RegistryException> LoadFailsAsync(string yaml, Func<string, string?>? environment = null) => _files.LoadFailsAsync(yaml, environment);

    [Fact]
    public async Task Load_InPlaceSample_MapsEveryNewKeyToTheModel()
    {
        RegistrySamples.CreateInputs(Dir);

        var registry = await LoadAsync(RegistrySamples.InPlace);

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

        var registry = await LoadAsync(RegistrySamples.InPlace);

        var everything = string.Join('\n', registry.Services.Select(s =>
            $"{s} {s.Reload} {string.Join(',', s.Reload?.Headers ?? new Dictionary<string, string>())} {s.Verify.Http} {string.Join(',', s.Verify.Http?.Headers ?? new Dictionary<string, string>())}"));
        Assert.DoesNotContain("s3cret", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_InPlaceKeysLeftOut_TakeTheirDefaults()
    {
        var registry = await LoadAsync(Alloy("apply: reload_http", "reload: {url: http://127.0.0.1:9090/reload}", "verify: {http: {url: http://127.0.0.1/}}"));

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
    [InlineData("SIGHUP", "SIGHUP")]
    [InlineData("HUP", "SIGHUP")]
    [InlineData("hup", "SIGHUP")]
    [InlineData("SigHup", "SIGHUP")]
    [InlineData("usr1", "SIGUSR1")]
    [InlineData("SIGWINCH", "SIGWINCH")]
    public async Task Load_Signal_AcceptsNamesWithOrWithoutSigInAnyCase_StoringSigForm(string written, string stored)
    {
        var registry = await LoadAsync(Alloy("apply: signal", $"signal: {written}"));

        Assert.Equal(stored, registry.Services[0].Signal);
    }

    [Theory]
    [InlineData("get", "GET")]
    [InlineData("Patch", "PATCH")]
    [InlineData("DELETE", "DELETE")]
    public async Task Load_ReloadMethod_IsCaseInsensitive_StoredUpper(string written, string stored)
    {
        var registry = await LoadAsync(Alloy("apply: reload_http", "reload:", "  url: https://alloy.internal/-/reload", $"  method: {written}"));

        Assert.Equal(stored, registry.Services[0].Reload!.Method);
    }

    [Fact]
    public async Task Load_TemplatedUrl_IsKeptAsWritten()
    {
        var registry = await LoadAsync(
            Alloy("apply: reload_http", "reload: {url: \"http://${ALLOY_TOKEN}@127.0.0.1/-/reload\"}"),
            name => name == "ALLOY_TOKEN" ? "x" : null);

        Assert.Equal("http://${ALLOY_TOKEN}@127.0.0.1/-/reload", registry.Services[0].Reload!.Url);
    }

    [Fact]
    public async Task Load_EmptyEnvironmentValue_CountsAsSet()
    {
        var registry = await LoadAsync(
            Alloy("apply: reload_http", "reload: {url: http://127.0.0.1/, headers: {X-Key: \"${EMPTY}\"}}"),
            name => name == "EMPTY" ? string.Empty : null);

        Assert.Equal("${EMPTY}", registry.Services[0].Reload!.Headers["X-Key"]);
    }

    [Theory]
    [InlineData("reload_http", "reload", "missing required key 'reload' (the endpoint to call); apply: reload_http needs it")]
    [InlineData("signal", "signal", "missing required key 'signal' (the signal to send, e.g. SIGHUP); apply: signal needs it")]
    [InlineData("exec", "exec", "missing required key 'exec' (the command to run in the container); apply: exec needs it")]
    public async Task Load_RejectsInPlaceModeWithoutItsSetting_AtTheService(string mode, string key, string problem)
    {
        var e = await LoadFailsAsync(Alloy($"apply: {mode}"));

        Assert.Equal((3, 3), (e.Line, e.Column));
        Assert.Equal($"services.alloy.{key}", e.KeyPath);
        Assert.Equal(problem, e.Problem);
    }

    [Theory]
    [InlineData("apply: restart", "reload: {url: http://127.0.0.1/}", "reload", "reload: is only used with apply: reload_http")]
    [InlineData("apply: none", "reload: {url: http://127.0.0.1/}", "reload", "reload: is only used with apply: reload_http")]
    [InlineData("apply: reload_http", "signal: HUP", "signal", "signal: is only used with apply: signal")]
    [InlineData("apply: signal", "exec: [caddy, reload]", "exec", "exec: is only used with apply: exec")]
    public async Task Load_RejectsModeSettingWithAnotherMode_AtItsKey(string apply, string setting, string key, string problem)
    {
        var e = await LoadFailsAsync(Alloy(apply, setting));

        Assert.Equal((6, 5), (e.Line, e.Column));
        Assert.Equal($"services.alloy.{key}", e.KeyPath);
        Assert.Equal(problem, e.Problem);
    }

    [Fact]
    public async Task Load_RejectsReloadWithoutApply_BecauseTheDefaultIsRestart()
    {
        var e = await LoadFailsAsync(Alloy("reload: {url: http://127.0.0.1/}"));

        Assert.Equal((5, 5), (e.Line, e.Column));
        Assert.Equal("reload: is only used with apply: reload_http", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsUnknownSignal_ListingNamesAndSuggesting()
    {
        var e = await LoadFailsAsync(Alloy("apply: signal", "signal: SIGHUPP"));

        Assert.Equal((6, 13), (e.Line, e.Column));
        Assert.Equal("services.alloy.signal", e.KeyPath);
        Assert.Equal(
            "unknown signal 'SIGHUPP'; use a POSIX name such as SIGHUP, SIGUSR1, SIGUSR2, SIGTERM, SIGINT, SIGQUIT, SIGWINCH (did you mean 'SIGHUP'?)",
            e.Problem);
    }

    [Fact]
    public async Task Load_RejectsUnknownSignalWithNothingClose_WithoutSuggestion()
    {
        var e = await LoadFailsAsync(Alloy("apply: signal", "signal: RELOAD"));

        Assert.StartsWith("unknown signal 'RELOAD'; use a POSIX name such as SIGHUP", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsSignalNumber()
    {
        var e = await LoadFailsAsync(Alloy("apply: signal", "signal: 1"));

        Assert.Equal("services.alloy.signal", e.KeyPath);
        Assert.StartsWith("signal numbers are not accepted", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsEmptyExec()
    {
        var e = await LoadFailsAsync(Alloy("apply: exec", "exec: []"));

        Assert.Equal((6, 11), (e.Line, e.Column));
        Assert.Equal("services.alloy.exec", e.KeyPath);
        Assert.Equal("must list the command and its arguments, e.g. [caddy, reload, --config, /etc/caddy/Caddyfile]", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsEmptyExecArgument_AtItsListItem()
    {
        var e = await LoadFailsAsync(Alloy("apply: exec", "exec: [caddy, \"\"]"));

        Assert.Equal((6, 19), (e.Line, e.Column));
        Assert.Equal("services.alloy.exec[1]", e.KeyPath);
        Assert.Equal("must be a non-empty string, not ''", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsExecGivenAsString()
    {
        var e = await LoadFailsAsync(Alloy("apply: exec", "exec: caddy reload"));

        Assert.Equal("services.alloy.exec", e.KeyPath);
        Assert.Equal("must be a list (e.g. [a, b]), not 'caddy reload'", e.Problem);
    }

    [Theory]
    [InlineData("restart", "fallback: recreate", "fallback")]
    [InlineData("recreate", "on_stale_mount: fail", "on_stale_mount")]
    [InlineData("none", "on_stale_mount: restart", "on_stale_mount")]
    public async Task Load_RejectsEscalationKeysWithoutAnInPlaceMode(string mode, string setting, string key)
    {
        var e = await LoadFailsAsync(Alloy($"apply: {mode}", setting));

        Assert.Equal((6, 5), (e.Line, e.Column));
        Assert.Equal($"services.alloy.{key}", e.KeyPath);
        Assert.Equal($"{key}: is only used with an in-place apply mode (reload_http, signal, exec), not apply: {mode}", e.Problem);
    }

    [Theory]
    [InlineData("fallback: none", "unknown fallback mode 'none'; valid modes: restart, recreate")]
    [InlineData("fallback: signal", "unknown fallback mode 'signal'; valid modes: restart, recreate")]
    [InlineData("fallback: restrat", "unknown fallback mode 'restrat'; valid modes: restart, recreate (did you mean 'restart'?)")]
    [InlineData("on_stale_mount: ignore", "unknown on_stale_mount action 'ignore'; valid actions: restart, recreate, fail")]
    [InlineData("on_stale_mount: fial", "unknown on_stale_mount action 'fial'; valid actions: restart, recreate, fail (did you mean 'fail'?)")]
    public async Task Load_RejectsUnknownEscalationValues(string setting, string problem)
    {
        var e = await LoadFailsAsync(Alloy("apply: signal", "signal: HUP", setting));

        Assert.Equal(7, e.Line);
        Assert.Equal(problem, e.Problem);
    }

    [Fact]
    public async Task Load_RejectsUnknownApplyMode_ListingAllSixModes()
    {
        var e = await LoadFailsAsync(Alloy("apply: reload"));

        Assert.Equal("services.alloy.apply", e.KeyPath);
        Assert.Equal("unknown apply mode 'reload'; valid modes: none, restart, recreate, reload_http, signal, exec (did you mean 'reload_http'?)", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsUnknownDependency_AtTheListItem_WithSuggestion()
    {
        var e = await LoadFailsAsync(Alloy() + "  nginx:\n    inputs: [a.conf]\n    depends_on: [aloy]\n");

        Assert.Equal((7, 18), (e.Line, e.Column));
        Assert.Equal("services.nginx.depends_on[0]", e.KeyPath);
        Assert.Equal("unknown service 'aloy'; did you mean 'alloy'?", e.Problem);
    }

    [Fact]
    public async Task Load_AcceptsDependencyOnAServiceDeclaredLater()
    {
        // 'caddy' is declared after 'nginx' depends on it: a forward reference is fine.
        var registry = await LoadAsync(Alloy() + "  nginx:\n    inputs: [a.conf]\n    depends_on: [caddy]\n  caddy:\n    inputs: [a.conf]\n");

        Assert.Equal(["caddy"], registry.Find("nginx")!.DependsOn);
    }

    [Fact]
    public async Task Load_RejectsSelfDependency_AtTheListItem()
    {
        var e = await LoadFailsAsync(Alloy() + "  nginx:\n    inputs: [a.conf]\n    depends_on: [alloy, nginx]\n");

        Assert.Equal((7, 25), (e.Line, e.Column));
        Assert.Equal("services.nginx.depends_on[1]", e.KeyPath);
        Assert.Equal("service 'nginx' cannot depend on itself", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsDuplicateDependency_AtTheSecondItem()
    {
        var e = await LoadFailsAsync(Alloy() + "  nginx:\n    inputs: [a.conf]\n    depends_on:\n      - alloy\n      - alloy\n");

        Assert.Equal((9, 9), (e.Line, e.Column));
        Assert.Equal("services.nginx.depends_on[1]", e.KeyPath);
        Assert.Equal("'alloy' is listed twice", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsCycle_StartingAtTheFirstServiceOnACycle_TakingTheShortestWayBack()
    {
        const string yaml = """
            version: 1
            services:
              web:
                inputs: [a.conf]
                depends_on: [c]
              a:
                inputs: [a.conf]
                depends_on: [b]
              b:
                inputs: [a.conf]
                depends_on: [c]
              c:
                inputs: [a.conf]
                depends_on: [web, a]
            """;

        var e = await LoadFailsAsync(yaml);

        Assert.Equal((5, 17), (e.Line, e.Column));
        Assert.Equal("services.web.depends_on", e.KeyPath);
        Assert.Equal("depends_on cycle: web → c → web", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsThreeNodeCycle_AtTheDependsOnOfItsFirstService_WithExactMessage()
    {
        const string yaml = """
            version: 1
            services:
              web:
                inputs: [a.conf]
                depends_on: [b]
              a:
                inputs: [a.conf]
                depends_on: [b]
              b:
                inputs: [a.conf]
                depends_on: [c]
              c:
                inputs: [a.conf]
                depends_on: [a]
            """;

        var e = await LoadFailsAsync(yaml);

        Assert.Equal((8, 17), (e.Line, e.Column));
        Assert.Equal("services.a.depends_on", e.KeyPath);
        Assert.Equal("depends_on cycle: a → b → c → a", e.Problem);
        Assert.EndsWith("services.a.depends_on: depends_on cycle: a → b → c → a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsUnsetEnvironmentVariable_NamingIt_WithoutPrintingAnyValue()
    {
        var e = await LoadFailsAsync(
            Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1:12345/-/reload", "  headers:", "    Authorization: \"Bearer ${USER_PART}${ALLOY_TOKEN}\""),
            name => name == "USER_PART" ? "topsecret-value" : null);

        Assert.Equal((9, 24), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.headers.Authorization", e.KeyPath);
        Assert.Equal("environment variable ALLOY_TOKEN is not set (used in services.alloy.reload.headers.Authorization)", e.Problem);
        Assert.DoesNotContain("topsecret", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reload: {url: \"http://127.0.0.1/${PATH_PART}\"}", "services.alloy.reload.url")]
    [InlineData("verify: {http: {url: \"http://${HOST}/health\"}}", "services.alloy.verify.http.url")]
    [InlineData("verify: {http: {url: \"http://127.0.0.1/\", headers: {X-Key: \"${HEALTH}\"}}}", "services.alloy.verify.http.headers.X-Key")]
    public async Task Load_RejectsUnsetEnvironmentVariable_InEveryTemplatedField(string setting, string keyPath)
    {
        var apply = setting.StartsWith("reload", StringComparison.Ordinal) ? "apply: reload_http" : "apply: restart";

        var e = await LoadFailsAsync(Alloy(apply, setting), _ => null);

        Assert.Equal(6, e.Line);
        Assert.Equal(keyPath, e.KeyPath);
        Assert.Matches(@"^environment variable [A-Z_]+ is not set \(used in " + keyPath.Replace(".", "\\.", StringComparison.Ordinal) + @"\)$", e.Problem);
    }

    [Theory]
    [InlineData("Bearer ${ALLOY_TOKEN")]
    [InlineData("Bearer ${}")]
    [InlineData("Bearer ${1TOKEN}")]
    [InlineData("Bearer ${ALLOY-TOKEN}")]
    public async Task Load_RejectsMalformedVariableReference_WithoutQuotingTheTemplate(string header)
    {
        var e = await LoadFailsAsync(Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", $"  headers: {{X-Key: \"{header}\"}}"));

        Assert.Equal((8, 24), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.headers.X-Key", e.KeyPath);
        Assert.StartsWith("malformed ${NAME} reference: ", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/reload")]
    [InlineData("127.0.0.1:12345/-/reload")]
    [InlineData("\"${ALLOY_URL}/-/reload\"")]
    public async Task Load_RejectsReloadUrlWithoutHttpScheme(string url)
    {
        var e = await LoadFailsAsync(Alloy("apply: reload_http", "reload:", $"  url: {url}"), _ => "http://x");

        Assert.Equal((7, 12), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.url", e.KeyPath);
        Assert.Equal("must be an http:// or https:// URL (the scheme cannot come from ${VAR})", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsReloadUrlWithoutHost()
    {
        var e = await LoadFailsAsync(Alloy("apply: reload_http", "reload:", "  url: http://"));

        Assert.Equal("services.alloy.reload.url", e.KeyPath);
        Assert.Equal("is not a valid URL", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsReloadWithoutUrl_AtTheReloadKey()
    {
        var e = await LoadFailsAsync(Alloy("apply: reload_http", "reload:", "  method: POST"));

        Assert.Equal((6, 5), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.url", e.KeyPath);
        Assert.StartsWith("missing required key 'url'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsVerifyHttpWithoutUrl_AtTheHttpKey()
    {
        var e = await LoadFailsAsync(Alloy("verify:", "  http: {expect_status: [200]}"));

        Assert.Equal((6, 7), (e.Line, e.Column));
        Assert.Equal("services.alloy.verify.http.url", e.KeyPath);
        Assert.StartsWith("missing required key 'url'", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("700", "'700'")]
    [InlineData("99", "'99'")]
    [InlineData("\"200\"", "'200'")]
    [InlineData("2xx", "'2xx'")]
    [InlineData("-200", "'-200'")]
    public async Task Load_RejectsExpectStatusOutsideHttpRange_AtTheListItem(string status, string described)
    {
        var e = await LoadFailsAsync(Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", $"  expect_status: [200, {status}]"));

        Assert.Equal((8, 28), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.expect_status[1]", e.KeyPath);
        Assert.Equal($"must be an HTTP status code from 100 to 599, not {described}", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsVerifyHttpExpectStatusOutOfRange()
    {
        var e = await LoadFailsAsync(Alloy("verify:", "  http: {url: http://127.0.0.1/, expect_status: [600]}"));

        Assert.Equal("services.alloy.verify.http.expect_status[0]", e.KeyPath);
        Assert.Equal("must be an HTTP status code from 100 to 599, not '600'", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsUnknownHttpMethod_ListingMethods()
    {
        var e = await LoadFailsAsync(Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  method: SEND"));

        Assert.Equal((8, 15), (e.Line, e.Column));
        Assert.Equal("services.alloy.reload.method", e.KeyPath);
        Assert.Equal("unknown HTTP method 'SEND'; valid methods: GET, POST, PUT, PATCH, DELETE", e.Problem);
    }

    [Theory]
    [InlineData("reload", "  methd: GET", "services.alloy.reload.methd", "did you mean 'method'?")]
    [InlineData("verify", "  timout: 5s", "services.alloy.verify.timout", "did you mean 'timeout'?")]
    [InlineData("verify", "  http: {url: http://127.0.0.1/, body: ok}", "services.alloy.verify.http.body", "did you mean 'body_contains'?")]
    public async Task Load_RejectsUnknownNestedKeys_WithSuggestion(string parent, string line, string keyPath, string hint)
    {
        var lines = parent == "reload"
            ? new[] { "apply: reload_http", "reload:", "  url: http://127.0.0.1/", line }
            : ["verify:", line];

        var e = await LoadFailsAsync(Alloy(lines));

        Assert.Equal(keyPath, e.KeyPath);
        Assert.EndsWith(hint, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsUnknownServiceKey_SuggestingTheNewKeys()
    {
        var e = await LoadFailsAsync(Alloy("depends: [x]"));

        Assert.Equal("services.alloy.depends", e.KeyPath);
        Assert.Equal("unknown key 'depends'; did you mean 'depends_on'?", e.Problem);
    }

    [Theory]
    [InlineData("  timeout: soon", "services.alloy.reload.timeout", "invalid duration 'soon'; use a number with a unit, e.g. 500ms, 10s, 1m, 1m30s, 2h")]
    [InlineData("  timeout: 0", "services.alloy.reload.timeout", "must be longer than 0")]
    public async Task Load_RejectsBadReloadTimeout(string line, string keyPath, string problem)
    {
        var e = await LoadFailsAsync(Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", line));

        Assert.Equal((8, 16), (e.Line, e.Column));
        Assert.Equal(keyPath, e.KeyPath);
        Assert.Equal(problem, e.Problem);
    }

    [Fact]
    public async Task Load_RejectsBadVerifyTimeout()
    {
        var e = await LoadFailsAsync(Alloy("verify:", "  timeout: 30"));

        Assert.Equal((6, 16), (e.Line, e.Column));
        Assert.Equal("services.alloy.verify.timeout", e.KeyPath);
        Assert.StartsWith("invalid duration '30'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsEmptyVerifyExec()
    {
        var e = await LoadFailsAsync(Alloy("verify:", "  exec: []"));

        Assert.Equal("services.alloy.verify.exec", e.KeyPath);
        Assert.StartsWith("must list the command and its arguments", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsHeaderRepeatedInAnotherCase()
    {
        var e = await LoadFailsAsync(Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  headers: {X-Key: a, x-key: b}"));

        Assert.Equal("services.alloy.reload.headers.x-key", e.KeyPath);
        Assert.Equal("header 'x-key' is already set as 'X-Key' (header names are case-insensitive)", e.Problem);
    }

    [Fact]
    public async Task Load_RejectsInvalidHeaderName()
    {
        var e = await LoadFailsAsync(Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  headers: {\"X Key\": a}"));

        Assert.Equal("services.alloy.reload.headers.X Key", e.KeyPath);
        Assert.StartsWith("invalid header name 'X Key'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RejectsHeadersGivenAsList()
    {
        var e = await LoadFailsAsync(Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  headers: [a]"));

        Assert.Equal("services.alloy.reload.headers", e.KeyPath);
        Assert.Equal("must be a mapping, not a list", e.Problem);
    }
}
