namespace Driftless.Core.Tests.Registry;

/// <summary>reload / signal / exec, fallback, on_stale_mount, verify checks, depends_on and ${VAR} references.</summary>
internal static partial class RegistryCases
{
    public static readonly RegistryCase InPlaceSample = Valid(RegistrySamples.InPlace);
    public static readonly RegistryCase InPlaceKeysLeftOut = Valid(Alloy("apply: reload_http", "reload: {url: http://127.0.0.1:9090/reload}", "verify: {http: {url: http://127.0.0.1/}}"));

    /// <summary>The signal as written (label) and as stored (<see cref="RegistryCase.Expect"/>).</summary>
    public static readonly RegistryCase[] Signals =
    [
        .. new[] { ("SIGHUP", "SIGHUP"), ("HUP", "SIGHUP"), ("hup", "SIGHUP"), ("SigHup", "SIGHUP"), ("usr1", "SIGUSR1"), ("SIGWINCH", "SIGWINCH") }
            .Select(s => Valid(Alloy("apply: signal", $"signal: {s.Item1}"), s.Item2, s.Item1)),
    ];

    /// <summary>The method as written (label) and as stored (<see cref="RegistryCase.Expect"/>).</summary>
    public static readonly RegistryCase[] ReloadMethods =
    [
        .. new[] { ("get", "GET"), ("Patch", "PATCH"), ("DELETE", "DELETE") }
            .Select(m => Valid(Alloy("apply: reload_http", "reload:", "  url: https://alloy.internal/-/reload", $"  method: {m.Item1}"), m.Item2, m.Item1)),
    ];

    public static readonly RegistryCase TemplatedUrl = Valid(Alloy("apply: reload_http", "reload: {url: \"http://${ALLOY_TOKEN}@127.0.0.1/-/reload\"}"));
    public static readonly RegistryCase EmptyEnvironmentValue = Valid(Alloy("apply: reload_http", "reload: {url: http://127.0.0.1/, headers: {X-Key: \"${EMPTY}\"}}"));

    public static readonly RegistryCase[] InPlaceModeWithoutItsSetting =
    [
        Invalid("services.alloy.reload", Alloy("apply: reload_http"), "missing required key 'reload' (the endpoint to call); apply: reload_http needs it", "reload_http"),
        Invalid("services.alloy.signal", Alloy("apply: signal"), "missing required key 'signal' (the signal to send, e.g. SIGHUP); apply: signal needs it", "signal"),
        Invalid("services.alloy.exec", Alloy("apply: exec"), "missing required key 'exec' (the command to run in the container); apply: exec needs it", "exec"),
    ];

    public static readonly RegistryCase[] ModeSettingWithAnotherMode =
    [
        Invalid("services.alloy.reload", Alloy("apply: restart", "reload: {url: http://127.0.0.1/}"), "reload: is only used with apply: reload_http", "reload under restart"),
        Invalid("services.alloy.reload", Alloy("apply: none", "reload: {url: http://127.0.0.1/}"), "reload: is only used with apply: reload_http", "reload under none"),
        Invalid("services.alloy.signal", Alloy("apply: reload_http", "signal: HUP"), "signal: is only used with apply: signal", "signal under reload_http"),
        Invalid("services.alloy.exec", Alloy("apply: signal", "exec: [caddy, reload]"), "exec: is only used with apply: exec", "exec under signal"),
    ];

    public static readonly RegistryCase ReloadWithoutApply = Invalid("services.alloy.reload", Alloy("reload: {url: http://127.0.0.1/}"));
    public static readonly RegistryCase UnknownSignal = Invalid("services.alloy.signal", Alloy("apply: signal", "signal: SIGHUPP"));
    public static readonly RegistryCase UnknownSignalWithNothingClose = Invalid("services.alloy.signal", Alloy("apply: signal", "signal: RELOAD"));
    public static readonly RegistryCase SignalNumber = Invalid("services.alloy.signal", Alloy("apply: signal", "signal: 1"));
    public static readonly RegistryCase EmptyExec = Invalid("services.alloy.exec", Alloy("apply: exec", "exec: []"));
    public static readonly RegistryCase EmptyExecArgument = Invalid("services.alloy.exec[1]", Alloy("apply: exec", "exec: [caddy, \"\"]"));
    public static readonly RegistryCase ExecGivenAsString = Invalid("services.alloy.exec", Alloy("apply: exec", "exec: caddy reload"));

    /// <summary>The mode (label) and the key rejected under it.</summary>
    public static readonly RegistryCase[] EscalationKeysWithoutAnInPlaceMode =
    [
        Invalid("services.alloy.fallback", Alloy("apply: restart", "fallback: recreate"), "fallback", "restart"),
        Invalid("services.alloy.on_stale_mount", Alloy("apply: recreate", "on_stale_mount: fail"), "on_stale_mount", "recreate"),
        Invalid("services.alloy.on_stale_mount", Alloy("apply: none", "on_stale_mount: restart"), "on_stale_mount", "none"),
    ];

    public static readonly RegistryCase[] UnknownEscalationValues =
    [
        .. new[]
        {
            ("fallback: none", "unknown fallback mode 'none'; valid modes: restart, recreate"),
            ("fallback: signal", "unknown fallback mode 'signal'; valid modes: restart, recreate"),
            ("fallback: restrat", "unknown fallback mode 'restrat'; valid modes: restart, recreate (did you mean 'restart'?)"),
            ("on_stale_mount: ignore", "unknown on_stale_mount action 'ignore'; valid actions: restart, recreate, fail"),
            ("on_stale_mount: fial", "unknown on_stale_mount action 'fial'; valid actions: restart, recreate, fail (did you mean 'fail'?)"),
        }.Select(v => Invalid($"services.alloy.{v.Item1[..v.Item1.IndexOf(':', StringComparison.Ordinal)]}", Alloy("apply: signal", "signal: HUP", v.Item1), v.Item2, v.Item1)),
    ];

    public static readonly RegistryCase UnknownApplyModeReload = Invalid("services.alloy.apply", Alloy("apply: reload"));

    public static readonly RegistryCase UnknownDependency = Invalid("services.nginx.depends_on[0]", Alloy() + "  nginx:\n    inputs: [a.conf]\n    depends_on: [aloy]\n") with { ParserOnly = ParserOnlyCheck.ServiceGraph };
    public static readonly RegistryCase DependencyDeclaredLater = Valid(Alloy() + "  nginx:\n    inputs: [a.conf]\n    depends_on: [caddy]\n  caddy:\n    inputs: [a.conf]\n");
    public static readonly RegistryCase SelfDependency = Invalid("services.nginx.depends_on[1]", Alloy() + "  nginx:\n    inputs: [a.conf]\n    depends_on: [alloy, nginx]\n") with { ParserOnly = ParserOnlyCheck.ServiceGraph };
    public static readonly RegistryCase DuplicateDependency = Invalid("services.nginx.depends_on[1]", Alloy() + "  nginx:\n    inputs: [a.conf]\n    depends_on:\n      - alloy\n      - alloy\n");

    public static readonly RegistryCase TwoNodeCycle = Invalid(
        "services.web.depends_on",
        "version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    depends_on: [c]\n  a:\n    inputs: [a.conf]\n    depends_on: [b]\n"
        + "  b:\n    inputs: [a.conf]\n    depends_on: [c]\n  c:\n    inputs: [a.conf]\n    depends_on: [web, a]\n") with { ParserOnly = ParserOnlyCheck.ServiceGraph };

    public static readonly RegistryCase ThreeNodeCycle = Invalid(
        "services.a.depends_on",
        "version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    depends_on: [b]\n  a:\n    inputs: [a.conf]\n    depends_on: [b]\n"
        + "  b:\n    inputs: [a.conf]\n    depends_on: [c]\n  c:\n    inputs: [a.conf]\n    depends_on: [a]\n") with { ParserOnly = ParserOnlyCheck.ServiceGraph };

    public static readonly RegistryCase UnsetVariableInHeader = Invalid(
        "services.alloy.reload.headers.Authorization",
        Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1:12345/-/reload", "  headers:", "    Authorization: \"Bearer ${USER_PART}${ALLOY_TOKEN}\""))
    with {
        ParserOnly = ParserOnlyCheck.VariablesSet,
        Environment = name => name == "USER_PART" ? "topsecret-value" : null,
    };

    public static readonly RegistryCase[] UnsetVariableInEveryTemplatedField =
    [
        Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload: {url: \"http://127.0.0.1/${PATH_PART}\"}"), label: "reload.url") with { ParserOnly = ParserOnlyCheck.VariablesSet },
        Invalid("services.alloy.verify.http.url", Alloy("apply: restart", "verify: {http: {url: \"http://${HOST}/health\"}}"), label: "verify.http.url") with { ParserOnly = ParserOnlyCheck.VariablesSet },
        Invalid("services.alloy.verify.http.headers.X-Key", Alloy("apply: restart", "verify: {http: {url: \"http://127.0.0.1/\", headers: {X-Key: \"${HEALTH}\"}}}"), label: "verify.http.headers") with { ParserOnly = ParserOnlyCheck.VariablesSet },
    ];

    public static readonly RegistryCase[] MalformedVariableReferences =
    [
        .. new[] { "Bearer ${ALLOY_TOKEN", "Bearer ${}", "Bearer ${1TOKEN}", "Bearer ${ALLOY-TOKEN}" }
            .Select(header => Invalid("services.alloy.reload.headers.X-Key", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", $"  headers: {{X-Key: \"{header}\"}}"), label: header)),
    ];

    public static readonly RegistryCase[] ReloadUrlsWithoutHttpScheme =
    [
        .. new[] { "ftp://127.0.0.1/reload", "127.0.0.1:12345/-/reload", "\"${ALLOY_TOKEN}/-/reload\"" }
            .Select(url => Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload:", $"  url: {url}"), label: url)),
    ];

    public static readonly RegistryCase[] BadUrls =
    [
        Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload:", "  url: http://"), "is not a valid URL", "no host"),
        Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload:", "  url: http:///reload"), "is not a valid URL", "empty authority"),
        Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload:", "  url: \"http://127.0.0.1/a b\""), "cannot contain spaces", "space"),
        Invalid("services.alloy.verify.http.url", Alloy("verify: {http: {url: \"http://${ALLOY_TOKEN}/\\tx\"}}"), "cannot contain spaces", "tab"),
        Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1:99999/"), "is not a valid URL", "port out of range") with { ParserOnly = ParserOnlyCheck.UrlParses },
    ];

    public static readonly RegistryCase ReloadWithoutUrl = Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload:", "  method: POST"));
    public static readonly RegistryCase VerifyHttpWithoutUrl = Invalid("services.alloy.verify.http.url", Alloy("verify:", "  http: {expect_status: [200]}"));

    /// <summary>The second status of <c>expect_status: [200, label]</c> (line 8, column 28); how it is described (<see cref="RegistryCase.Expect"/>).</summary>
    public static readonly RegistryCase[] ExpectStatusOutsideHttpRange =
    [
        .. new[] { ("700", "'700'"), ("99", "'99'"), ("\"200\"", "'200'"), ("2xx", "'2xx'"), ("-200", "'-200'"), ("200.0", "'200.0'") }
            .Select(s => Invalid("services.alloy.reload.expect_status[1]", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", $"  expect_status: [200, {s.Item1}]"), s.Item2, s.Item1)),
    ];

    public static readonly RegistryCase ExpectStatusSpellings = Valid(Alloy("apply: reload_http", "reload: {url: http://127.0.0.1/, expect_status: [+200, 0x12C, 0204]}"));
    public static readonly RegistryCase VerifyHttpExpectStatusOutOfRange = Invalid("services.alloy.verify.http.expect_status[0]", Alloy("verify:", "  http: {url: http://127.0.0.1/, expect_status: [600]}"));
    public static readonly RegistryCase UnknownHttpMethod = Invalid("services.alloy.reload.method", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  method: SEND"));

    public static readonly RegistryCase[] UnknownNestedKeys =
    [
        Invalid("services.alloy.reload.methd", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  methd: GET"), "did you mean 'method'?", "reload.methd"),
        Invalid("services.alloy.verify.timout", Alloy("verify:", "  timout: 5s"), "did you mean 'timeout'?", "verify.timout"),
        Invalid("services.alloy.verify.http.body", Alloy("verify:", "  http: {url: http://127.0.0.1/, body: ok}"), "did you mean 'body_contains'?", "verify.http.body"),
    ];

    public static readonly RegistryCase UnknownServiceKeyDepends = Invalid("services.alloy.depends", Alloy("depends: [x]"));

    public static readonly RegistryCase[] BadReloadTimeouts =
    [
        Invalid("services.alloy.reload.timeout", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  timeout: soon"), "invalid duration 'soon'; use a number with a unit, e.g. 500ms, 10s, 1m, 1m30s, 2h", "soon"),
        Invalid("services.alloy.reload.timeout", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  timeout: 0"), "must be longer than 0", "0"),
        Invalid("services.alloy.reload.timeout", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  timeout: 0s"), "must be longer than 0", "0s"),
    ];

    public static readonly RegistryCase BadVerifyTimeout = Invalid("services.alloy.verify.timeout", Alloy("verify:", "  timeout: 30"));
    public static readonly RegistryCase ZeroVerifyTimeout = Invalid("services.alloy.verify.timeout", Alloy("verify:", "  timeout: 0.0ms"));
    public static readonly RegistryCase EmptyVerifyExec = Invalid("services.alloy.verify.exec", Alloy("verify:", "  exec: []"));
    public static readonly RegistryCase HeaderRepeatedInAnotherCase = Invalid("services.alloy.reload.headers.x-key", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  headers: {X-Key: a, x-key: b}")) with { ParserOnly = ParserOnlyCheck.UniqueParts };
    public static readonly RegistryCase InvalidHeaderName = Invalid("services.alloy.reload.headers.X Key", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  headers: {\"X Key\": a}"));
    public static readonly RegistryCase HeaderValueWithLineBreak = Invalid("services.alloy.reload.headers.X-Key", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  headers: {X-Key: \"a\\nb\"}"));
    public static readonly RegistryCase HeadersGivenAsList = Invalid("services.alloy.reload.headers", Alloy("apply: reload_http", "reload:", "  url: http://127.0.0.1/", "  headers: [a]"));
}
