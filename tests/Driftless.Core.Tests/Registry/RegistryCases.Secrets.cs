namespace Driftless.Core.Tests.Registry;

/// <summary>Secret inputs: <c>{path: …, secret: true}</c> entries of <c>inputs:</c>, and <c>secrets:</c>.</summary>
internal static partial class RegistryCases
{
    /// <summary>A service <c>web</c> (line 3) whose keys start at line 4.</summary>
    private static string Web(params string[] lines) => "version: 1\nservices:\n  web:\n" + string.Concat(lines.Select(line => $"    {line}\n"));

    /// <summary>The secret flags of the service's inputs in order, as <c>declared:secret</c> joined by commas (<see cref="RegistryCase.Expect"/>).</summary>
    public static readonly RegistryCase[] SecretInputs =
    [
        Valid(Web("inputs:", "  - a.conf", "  - {path: configs/web.conf, secret: true}"), "a.conf:False,configs/web.conf:True", "mapping entry, secret"),
        Valid(Web("inputs: [{path: a.conf, secret: false}, {path: configs/web.conf}]"), "a.conf:False,configs/web.conf:False", "mapping entries, not secret"),
        Valid(Web("inputs: [a.conf]", "secrets: [configs/web.conf, configs/caddy/]"), "a.conf:False,configs/web.conf:True,configs/caddy/:True", "secrets beside inputs"),
        Valid(Web("secrets: [configs/web.conf]"), "configs/web.conf:True", "secrets only"),
        Valid(Web("inputs: []", "secrets: [configs/web.conf]"), "configs/web.conf:True", "empty inputs, one secret"),
        Valid(Web("inputs: [{path: configs/caddy/, secret: true}]", "secrets: [configs/caddy/Caddyfile]"), "configs/caddy/:True,configs/caddy/Caddyfile:True", "secret file in a secret directory"),
        Valid(Web("inputs: [configs/caddy/Caddyfile]", "secrets: [configs/caddy/sites/]"), "configs/caddy/Caddyfile:False,configs/caddy/sites/:True", "plain file beside a secret directory"),
        Valid(Web("inputs: [{path: a.conf, secret: True}]"), "a.conf:True", "YAML's True"),
    ];

    /// <summary>The key path of the first error and the start of its problem; the label says what is wrong.</summary>
    public static readonly RegistryCase[] BadSecretInputs =
    [
        Invalid("services.web.secrets", Web("inputs: [a.conf]", "secrets: []"), "must list at least one file or directory (leave the key out", "empty secrets"),
        Invalid("services.web.secrets", Web("secrets: configs/web.conf"), "must be a list (e.g. [a, b])", "secrets as a string"),
        Invalid("services.web.secrets[0]", Web("secrets: [{path: configs/web.conf}]"), "must be a non-empty string, not a mapping", "mapping entry in secrets"),
        Invalid("services.web.inputs[0].secret", Web("inputs: [{path: a.conf, secret: yes}]"), "must be true or false, not 'yes'", "secret: yes"),
        Invalid("services.web.inputs[0].secret", Web("inputs: [{path: a.conf, secret: \"true\"}]"), "must be true or false, not 'true'", "quoted true"),
        Invalid("services.web.inputs[0].secret", Web("inputs: [{path: a.conf, secret: 1}]"), "must be true or false, not '1'", "secret: 1"),
        Invalid("services.web.inputs[0].path", Web("inputs: [{secret: true}]"), "missing required key 'path' (the file or directory)", "no path"),
        Invalid("services.web.inputs[0].pth", Web("inputs: [{pth: a.conf}]"), "unknown key 'pth'; did you mean 'path'?", "misspelt path, not also missing"),
        Invalid("services.web.inputs[0].secert", Web("inputs: [{path: a.conf, secert: true}]"), "unknown key 'secert'; did you mean 'secret'?", "misspelt secret"),
        Invalid("services.web.inputs[0].path", Web("inputs: [{path: \"\"}]"), "must be a non-empty string", "empty path"),
        Invalid("services.web.secrets[0]", Web("secrets: [missing.key]"), "input 'missing.key' does not exist", "missing secret file") with { ParserOnly = ParserOnlyCheck.FilesExist },
        Invalid("services.web.secrets[0]", Web("inputs: [a.conf]", "secrets: [./a.conf]"), "'./a.conf' is also listed as 'a.conf', not secret; list it once, as a secret", "listed in inputs and secrets") with { ParserOnly = ParserOnlyCheck.SecretInputsApart },
        Invalid("services.web.inputs[1].path", Web("inputs: [a.conf, {path: a.conf, secret: true}]"), "'a.conf' is also listed as 'a.conf', not secret", "listed twice in inputs, once secret") with { ParserOnly = ParserOnlyCheck.SecretInputsApart },
        Invalid("services.web.secrets[0]", Web("inputs: [configs/caddy/]", "secrets: [configs/caddy/Caddyfile]"), "'configs/caddy/Caddyfile' lies inside the input directory 'configs/caddy/', which is not secret", "secret inside a plain directory") with { ParserOnly = ParserOnlyCheck.SecretInputsApart },
        Invalid("services.web.inputs", Web("apply: restart"), "missing required key 'inputs'", "neither inputs nor secrets"),
        Invalid("services.web.inputs", Web("inputs: []", "apply: restart"), "must list at least one file or directory", "empty inputs, no secrets"),
    ];
}
