namespace Driftless.Core.Tests.Registry;

/// <summary>Registry documents shared by the loader and schema tests.</summary>
internal static class RegistrySamples
{
    /// <summary>Every key of the format; inputs: configs/litellm.config.yaml, configs/caddy/, configs/app.</summary>
    public const string Full = """
        version: 1
        project: cogni-runtime
        compose:
          files: [docker-compose.yml]
        state: .state
        services:
          litellm:
            inputs: [configs/litellm.config.yaml]
            apply: recreate
          caddy:
            container: edge-caddy
            inputs: [configs/caddy/]
            apply: restart
            stop_grace: 10s
            verify:
              settle: 500ms
          app:
            inputs:
              - configs/app
              - configs/litellm.config.yaml
            apply: none
        """;

    /// <summary>
    /// Every key of the in-place modes, escalation, verify checks and depends_on. Inputs: configs/alloy/,
    /// configs/nginx.conf, configs/caddy/. References ${ALLOY_TOKEN} and ${HEALTH_TOKEN} (see <see cref="InPlaceEnvironment"/>).
    /// </summary>
    public const string InPlace = """
        version: 1
        services:
          alloy:
            inputs: [configs/alloy/]
            apply: reload_http
            reload:
              url: http://127.0.0.1:12345/-/reload
              method: put
              headers: {Authorization: "Bearer ${ALLOY_TOKEN}", X-Source: driftless}
              timeout: 5s
              expect_status: [200, 204]
            fallback: recreate
          nginx:
            inputs: [configs/nginx.conf]
            apply: signal
            signal: hup
            on_stale_mount: fail
            depends_on: [alloy]
          caddy:
            inputs: [configs/caddy/]
            apply: exec
            exec: [caddy, reload, --config, /etc/caddy/Caddyfile]
            fallback: restart
            on_stale_mount: recreate
            verify:
              settle: 2s
              http: {url: http://127.0.0.1:8080/health, expect_status: [200], body_contains: "ok", headers: {X-Token: "${HEALTH_TOKEN}"}}
              exec: [wget, -q, -O-, http://127.0.0.1/]
              timeout: 45s
            depends_on: [nginx, alloy]
        """;

    /// <summary>The environment <see cref="InPlace"/> needs (values that must never appear in a spec or message).</summary>
    public static string? InPlaceEnvironment(string name) => name switch
    {
        "ALLOY_TOKEN" => "alloy-s3cret",
        "HEALTH_TOKEN" => "health-s3cret",
        _ => null,
    };

    /// <summary>Only the required keys; everything else defaulted.</summary>
    public const string Minimal = """
        version: 1
        services:
          web:
            inputs: [configs/web.conf]
        """;

    /// <summary>
    /// Every key of issue 4: tick, wait, agent, and managed services (per-service wait). No compose file needed.
    /// Inputs: configs/gw/, configs/worker.conf (see <see cref="CreateManagedInputs"/>). References ${GW_KEY} (see <see cref="ManagedEnvironment"/>).
    /// </summary>
    public const string Managed = """
        version: 1
        tick: 1m
        wait: {min: 250ms, max: 2s}
        agent:
          listen: 0.0.0.0:7411
          token_file: ./secrets/token
          poll: 5s
          watch: poll
        services:
          gateway:
            wait: {min: 0s, max: 1s}
            managed:
              image: gateway:v2
              command: [/bin/gateway, --config, /etc/gw]
              env: {LOG_LEVEL: info, WORKERS: 4, DEBUG: false, API_KEY: "key-${GW_KEY}"}
              ports: ["127.0.0.1:8080:8080", "9090:90/udp", "[::1]:8443:443/tcp"]
              volumes: ["./configs/gw:/etc/gw:ro", "/var/lib/gw:/data"]
              stop_signal: term
              stop_grace: 30s
            inputs: [configs/gw/]
            apply: reload_http
            reload: {url: http://127.0.0.1:8080/-/reload}
          worker:
            managed:
              image: worker:v1
            inputs: [configs/worker.conf]
        """;

    /// <summary>The environment <see cref="Managed"/> needs.</summary>
    public static string? ManagedEnvironment(string name) => name == "GW_KEY" ? "gw-s3cret" : null;

    public static void CreateManagedInputs(TempDirectory dir)
    {
        dir.Write("configs/gw/gateway.yaml", "routes: []\n");
        dir.Write("configs/worker.conf", "threads 2\n");
    }

    public static void CreateInputs(TempDirectory dir)
    {
        dir.Write("docker-compose.yml", "services: {}\n");
        dir.Write("configs/litellm.config.yaml", "model_list: []\n");
        dir.Write("configs/caddy/Caddyfile", ":80 {\n}\n");
        dir.Write("configs/caddy/sites/a.caddy", "a\n");
        dir.Write("configs/app/settings.json", "{}\n");
        dir.Write("configs/web.conf", "listen 80;\n");
        dir.Write("configs/alloy/config.alloy", "logging {}\n");
        dir.Write("configs/nginx.conf", "events {}\n");
    }
}
