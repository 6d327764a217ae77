namespace Driftless.Core.Tests.Registry;

/// <summary>The cases the schema tests brought: variants of a service <c>svc</c>, and invalid documents with the word their schema error names.</summary>
internal static partial class RegistryCases
{
    public static readonly RegistryCase[] ServiceVariants =
    [
        Valid(Service("svc", ["apply: reload_http", "reload: {url: \"https://${ALLOY_TOKEN}:1/-/reload\", method: get, headers: {Authorization: \"Bearer ${HEALTH_TOKEN}\"}}"]), label: "reload with templates"),
        Valid(Service("svc", ["apply: reload_http", "reload: {url: HTTP://x/$5, timeout: 1m, expect_status: [100, 599]}", "fallback: restart"]), label: "reload with a literal $"),
        Valid(Service("svc", ["apply: signal", "signal: hup", "on_stale_mount: recreate"]), label: "signal hup"),
        Valid(Service("svc", ["apply: signal", "signal: SIGUSR2"]), label: "signal SIGUSR2"),
        Valid(Service("svc", ["apply: exec", "exec: [nginx, -s, reload]", "fallback: recreate", "on_stale_mount: fail"]), label: "exec"),
        Valid(Service("svc", ["depends_on: []", "verify: {http: {url: http://x/health}, exec: [/bin/true], timeout: 5s}"]), label: "verify checks"),
        Valid(Service("svc", ["managed: {image: gw:v1}", "apply: recreate", "wait: {min: 0s}"]), label: "managed recreate"),
        Valid(Service("svc", ["managed: {image: gw:v1, command: [], env: {A: 1, B: true, C: \"${GW_KEY}\"}, ports: [\"8080:80\", \"[::1]:1:2/udp\"], volumes: [\"d:/d\"]}"]), label: "managed, every key"),
    ];

    /// <summary>The word the schema's error must name is <see cref="RegistryCase.Expect"/>.</summary>
    public static readonly RegistryCase[] SchemaRejects =
    [
        Invalid("services.caddy.inptus", "version: 1\nservices:\n  caddy:\n    inptus: [a.conf]\n", "inptus", "inptus"),
        Invalid("frobnicate", "version: 1\nfrobnicate: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n", "frobnicate", "frobnicate"),
        Invalid("services.caddy.apply", Service("caddy", ["apply: reboot"]), "apply", "apply: reboot"),
        Invalid("services.caddy.stop_grace", Service("caddy", ["stop_grace: 10"]), "stop_grace", "stop_grace: 10"),
        Invalid("services.caddy.verify.settle", Service("caddy", ["verify:", "  settle: soon"]), "settle", "settle: soon"),
        Invalid("version", "version: 2\nservices:\n  caddy:\n    inputs: [a.conf]\n", "version", "version: 2"),
        Invalid("version", "version: \"1\"\nservices:\n  caddy:\n    inputs: [a.conf]\n", "version", "version: \"1\""),
        Invalid("services.caddy.inputs", "version: 1\nservices:\n  caddy:\n    inputs: a\n", "inputs", "inputs: a"),
        Invalid("services.caddy.inputs", "version: 1\nservices:\n  caddy:\n    inputs: []\n", "inputs", "inputs: []"),
        Invalid("services", "version: 1\nservices: {}\n", "services", "services: {}"),
        Invalid("services._caddy", "version: 1\nservices:\n  _caddy:\n    inputs: [a.conf]\n", "_caddy", "_caddy"),
        Invalid("services.alloy.reload", Alloy("apply: reload_http"), "alloy", "reload_http without reload"),
        Invalid("services.alloy.reload", Alloy("apply: restart", "reload: {url: http://x/}"), "alloy", "reload under restart"),
        Invalid("services.alloy.reload", Alloy("reload: {url: http://x/}"), "alloy", "reload without apply"),
        Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload: {method: POST}"), "url", "reload without url"),
        Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload: {url: ftp://x/}"), "url", "ftp url"),
        Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload: {url: \"http://x/${A-B}\"}"), "url", "bad variable name in url"),
        Invalid("services.alloy.reload.method", Alloy("apply: reload_http", "reload: {url: http://x/, method: FETCH}"), "method", "method: FETCH"),
        Invalid("services.alloy.reload.expect_status[0]", Alloy("apply: reload_http", "reload: {url: http://x/, expect_status: [700]}"), "expect_status", "expect_status: [700]"),
        Invalid("services.alloy.reload.headers.X-Key", Alloy("apply: reload_http", "reload: {url: http://x/, headers: {X-Key: \"${OPEN\"}}"), "X-Key", "unclosed variable in header"),
        Invalid("services.nginx.signal", Service("nginx", ["apply: signal", "signal: SIGHUPP"]), "signal", "signal: SIGHUPP"),
        Invalid("services.nginx.signal", Service("nginx", ["apply: signal"]), "nginx", "signal without signal"),
        Invalid("services.caddy.exec", Service("caddy", ["apply: exec", "exec: []"]), "exec", "exec: []"),
        Invalid("services.caddy.fallback", Service("caddy", ["apply: restart", "fallback: recreate"]), "caddy", "fallback under restart"),
        Invalid("services.caddy.on_stale_mount", Service("caddy", ["apply: recreate", "on_stale_mount: fail"]), "caddy", "on_stale_mount under recreate"),
        Invalid("services.caddy.fallback", Service("caddy", ["apply: exec", "exec: [x]", "fallback: none"]), "fallback", "fallback: none"),
        Invalid("services.caddy.depends_on[0]", Service("caddy", ["depends_on: [a, a]"]), "depends_on", "depends_on: [a, a]"),
        Invalid("services.caddy.verify.http.url", Service("caddy", ["verify: {http: {expect_status: [200]}}"]), "http", "http without url"),
        Invalid("services.caddy.verify.exec", Service("caddy", ["verify: {exec: []}"]), "exec", "verify exec: []"),
        Invalid("services.caddy.verify.timeout", Service("caddy", ["verify: {timeout: 30}"]), "timeout", "verify timeout: 30"),
        Invalid("tick", Top("tick: 30"), "tick", "tick: 30"),
        Invalid("wait.mni", Top("wait: {mni: 1s}"), "mni", "wait mni"),
        Invalid("agent.listen", Top("agent: {listen: 7411}"), "listen", "listen: 7411"),
        Invalid("agent.watch", Top("agent: {watch: inotify}"), "watch", "watch: inotify"),
        Invalid("agent.token_env", Top("agent: {token_env: 1X}"), "token_env", "token_env: 1X"),
        Invalid("agent.token_file", Top("agent: {token_env: X, token_file: t}"), "agent", "both tokens"),
        Invalid("services.gw.managed.image", Gw("managed: {command: [a]}"), "image", "managed without image"),
        Invalid("services.gw.managed.command", Gw("managed: {image: x, command: /bin/gw --x}"), "command", "command as a string"),
        Invalid("services.gw.managed.ports[0]", Gw("managed: {image: x, ports: [\"80\"]}"), "ports", "ports: [80]"),
        Invalid("services.gw.managed.volumes[0]", Gw("managed: {image: x, volumes: [\"./a:etc\"]}"), "volumes", "relative container path"),
        Invalid("services.gw.managed.stop_signal", Gw("managed: {image: x, stop_signal: SIGFOO}"), "stop_signal", "stop_signal: SIGFOO"),
        Invalid("services.gw.container", Gw("container: edge", "managed: {image: x}"), "gw", "managed with container"),
        Invalid("history.keep", Top("history: {keep: 0}"), "keep", "history keep: 0"),
        Invalid("history.max_age", Top("history: {max_age: soon}"), "max_age", "history max_age: soon"),
    ];
}
