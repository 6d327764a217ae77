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

    /// <summary>Only the required keys; everything else defaulted.</summary>
    public const string Minimal = """
        version: 1
        services:
          web:
            inputs: [configs/web.conf]
        """;

    public static void CreateInputs(TempDirectory dir)
    {
        dir.Write("docker-compose.yml", "services: {}\n");
        dir.Write("configs/litellm.config.yaml", "model_list: []\n");
        dir.Write("configs/caddy/Caddyfile", ":80 {\n}\n");
        dir.Write("configs/caddy/sites/a.caddy", "a\n");
        dir.Write("configs/app/settings.json", "{}\n");
        dir.Write("configs/web.conf", "listen 80;\n");
    }
}
