namespace Driftless.Core.Tests.Registry;

/// <summary>Documents with several errors, or with an error that must not bring others along.</summary>
internal static partial class RegistryCases
{
    public static readonly RegistryCase MistakesInEverySection = Invalid("tick", """
        version: 1
        tick: soon
        agent:
          listen: 7411
          wach: poll
        frobnicate: true
        services:
          web:
            inputs: [a.conf, missing.conf]
            apply: restart
            stop_grace: 10
          api:
            inputs: [a.conf]
            apply: reboot
            depends_on: [wbe]
          gw:
            managed:
              image: gw:v1
              ports: ["0:80"]
        """);

    public static readonly RegistryCase UnknownKeysInTwoServices = Invalid("services.web.inptus", "version: 1\nservices:\n  web:\n    inptus: [a.conf]\n  api:\n    inputs: [a.conf]\n    aply: none\n");
    public static readonly RegistryCase UnknownKeysInTwoServicesBodies = Invalid("services.web.verfy", "version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    verfy: {}\n  api:\n    inputs: [a.conf]\n    depends: [web]\n");
    public static readonly RegistryCase ErrorsOnOneLine = Invalid("services.web.verify.settle", "version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    verify: {settle: soon, timeout: 0, exec: []}\n");

    public static readonly RegistryCase BadItemsOfLists = Invalid(
        "services.web.inputs[1]",
        "version: 1\nservices:\n  web:\n    inputs: [a.conf, gone.conf, also-gone.conf]\n    apply: reload_http\n    reload: {url: http://127.0.0.1/, expect_status: [200, 700, 99]}\n");

    /// <summary>Lines of service <c>web</c> (label) whose only error is the one at <see cref="RegistryCase.KeyPath"/>.</summary>
    public static readonly RegistryCase[] NoCascades =
    [
        .. new[]
        {
            ("apply: reload_htp\n    reload: {url: http://127.0.0.1/}\n    fallback: restart\n", "services.web.apply"),
            ("apply: reload_htp\n", "services.web.apply"),
            ("aply: reload_http\n    reload: {url: http://127.0.0.1/}\n", "services.web.aply"),
            ("apply: reload_http\n    relaod: {url: http://127.0.0.1/}\n", "services.web.relaod"),
            ("apply: reload_http\n    signal: HUP\n", "services.web.signal"),
            ("apply: restart\n    fallback: none\n", "services.web.fallback"),
            ("apply: restart\n    reload: {url: ftp://x/}\n", "services.web.reload"),
            ("container: \"bad name\"\n    managed: {image: gw:v1}\n", "services.web.container"),
            ("wait: {min: soon, max: 1s}\n", "services.web.wait.min"),
            ("verify: {http: {ulr: http://127.0.0.1/}}\n", "services.web.verify.http.ulr"),
        }.Select(c => Invalid(c.Item2, "version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    " + c.Item1, label: c.Item1.Replace("\n    ", "; ", StringComparison.Ordinal).TrimEnd('\n'))),
    ];

    /// <summary>A misspelt key (label) that must not also be reported missing.</summary>
    public static readonly RegistryCase[] MisspeltKeysNotAlsoMissing =
    [
        Invalid("service", "version: 1\nservice:\n  web:\n    inputs: [a.conf]\n", label: "service"),
        Invalid("verison", "verison: 1\nservices:\n  web:\n    inputs: [a.conf]\n", label: "verison"),
        Invalid("services.web.inptus", "version: 1\nservices:\n  web:\n    inptus: [a.conf]\n", label: "inptus"),
        Invalid("services.web.manged", "version: 1\nservices:\n  web:\n    manged: {image: gw:v1}\n", label: "manged"),
        Invalid("services.web.manged", "version: 1\nservices:\n  web:\n    manged: {image: gw:v1}\n    inputs: []\n", label: "manged with inputs: []"),
        Invalid("services.web.managed.imgae", "version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    managed: {imgae: gw:v1}\n", label: "imgae"),
    ];

    public static readonly RegistryCase SyntaxErrorAmongOthers = Invalid("services.web.inputs", "version: 1\nfrobnicate: 1\nservices:\n  web:\n    inputs: [a.conf\n    apply: reboot\n");
    public static readonly RegistryCase UnsupportedVersionAmongOthers = Invalid("version", "version: 2\nfrobnicate: 1\nservices:\n  web:\n    inputs: [a.conf]\n    apply: reboot\n");
    public static readonly RegistryCase MalformedVersionAmongOthers = Invalid("version", "version: \"1\"\nservices:\n  web:\n    inputs: [a.conf]\n    apply: reboot\n");
    public static readonly RegistryCase InvalidServiceNameWithBadBody = Invalid("services._web", "version: 1\nservices:\n  _web:\n    inputs: [a.conf]\n    apply: reboot\n  api:\n    inputs: [a.conf]\n    depends_on: [_web]\n");

    public static readonly RegistryCase UnknownDependencyAndCycle = Invalid(
        "services.a.depends_on",
        "version: 1\nservices:\n  a:\n    inputs: [a.conf]\n    depends_on: [b, nope]\n  b:\n    inputs: [a.conf]\n    depends_on: [a]\n") with { ParserOnly = ParserOnlyCheck.ServiceGraph };

    public static readonly RegistryCase BothTokensOneBadName = Invalid("agent.token_env", "version: 1\nagent: {token_file: t, token_env: 1X}\nservices:\n  web:\n    inputs: [a.conf]\n");
}
