namespace Driftless.Core.Tests.Registry;

/// <summary>The registry's frame: samples, top-level keys, services, inputs, durations and the YAML document itself.</summary>
internal static partial class RegistryCases
{
    public static readonly RegistryCase FullSample = Valid(RegistrySamples.Full);
    public static readonly RegistryCase MinimalSample = Valid(RegistrySamples.Minimal);
    public static readonly RegistryCase MinimalWithStopGrace = Valid(RegistrySamples.Minimal + "\n    stop_grace: 1m30s\n");

    public static readonly RegistryCase UnknownTopLevelKey = Invalid("frobnicate", "version: 1\nfrobnicate: true\nservices: {}\n");
    public static readonly RegistryCase MisspelledTopLevelKey = Invalid("service", "version: 1\nservice:\n  web:\n    inputs: [a.conf]\n");
    public static readonly RegistryCase UnknownServiceKey = Invalid("services.caddy.inptus", "version: 1\nservices:\n  caddy:\n    inptus: [a.conf]\n");
    public static readonly RegistryCase UnknownVerifyKey = Invalid("services.caddy.verify.setle", "version: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n    verify:\n      setle: 2s\n");
    public static readonly RegistryCase UnknownApplyMode = Invalid("services.caddy.apply", "version: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n    apply: reboot\n");
    public static readonly RegistryCase MisspelledApplyMode = Invalid("services.caddy.apply", "version: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n    apply: restrat\n");

    public static readonly RegistryCase YamlSyntaxError = Invalid("services.caddy.inputs", "version: 1\nservices:\n  caddy:\n    inputs: [a.conf\n    apply: restart\n");
    public static readonly RegistryCase BadIndentation = Invalid("services.caddy.inputs[0]", "version: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n   apply: restart\n");
    public static readonly RegistryCase DuplicateKey = Invalid("services.caddy.apply", "version: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n    apply: none\n    apply: restart\n");
    public static readonly RegistryCase DuplicateService = Invalid("services.caddy", "version: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n  caddy:\n    inputs: [a.conf]\n");
    public static readonly RegistryCase TwoDocuments = Invalid(null, "version: 1\nservices:\n  web:\n    inputs: [a.conf]\n---\nversion: 1\n") with { ParserOnly = ParserOnlyCheck.OneDocument };

    public static readonly RegistryCase[] EmptyFiles =
    [
        Invalid(null, string.Empty, label: "nothing"),
        Invalid(null, "# only a comment\n", label: "a comment"),
    ];

    public static readonly RegistryCase TopLevelList = Invalid(null, "- version: 1\n");

    public static readonly RegistryCase MissingInput = Invalid("services.caddy.inputs[1]", "version: 1\nservices:\n  caddy:\n    inputs:\n      - a.conf\n      - missing.conf\n") with { ParserOnly = ParserOnlyCheck.FilesExist };
    public static readonly RegistryCase DanglingSymlinkInput = Invalid("services.caddy.inputs[0]", "version: 1\nservices:\n  caddy:\n    inputs: [gone.conf]\n") with { ParserOnly = ParserOnlyCheck.FilesExist };
    public static readonly RegistryCase UnreadableInput = Invalid("services.caddy.inputs[0]", "version: 1\nservices:\n  caddy:\n    inputs: [secret.conf]\n") with { ParserOnly = ParserOnlyCheck.FilesExist };
    public static readonly RegistryCase FileDeclaredAsDirectory = Invalid("services.caddy.inputs[0]", "version: 1\nservices:\n  caddy:\n    inputs: [a.conf/]\n") with { ParserOnly = ParserOnlyCheck.FilesExist };
    public static readonly RegistryCase BlankInput = Invalid("services.caddy.inputs[0]", "version: 1\nservices:\n  caddy:\n    inputs: [\"  \"]\n", "input path is empty");
    public static readonly RegistryCase MissingComposeFile = Invalid("compose.files[0]", "version: 1\ncompose:\n  files: [compose.prod.yml]\nservices:\n  web:\n    inputs: [a.conf]\n") with { ParserOnly = ParserOnlyCheck.FilesExist };

    public static readonly RegistryCase Version2 = Invalid("version", "version: 2\nservices: {}\n");
    public static readonly RegistryCase MissingVersion = Invalid("version", "services:\n  web:\n    inputs: [a.conf]\n");
    public static readonly RegistryCase QuotedVersion = Invalid("version", "version: \"1\"\nservices: {}\n");

    public static readonly RegistryCase[] VersionSpellings =
    [
        Valid("version: +1\nservices:\n  web:\n    inputs: [a.conf]\n", label: "+1"),
        Valid("version: 0x1\nservices:\n  web:\n    inputs: [a.conf]\n", label: "0x1"),
        Invalid("version", "version: 1.0\nservices:\n  web:\n    inputs: [a.conf]\n", label: "1.0"),
    ];

    /// <summary><c>stop_grace: {label}</c> of service <c>caddy</c>, at line 5, column 17.</summary>
    public static readonly RegistryCase[] BadDurations =
    [
        .. new[] { "10", "10x", "1.5.2s", "-1s", "s", ".5s", "1.s", "1..5s", "1.5 s" }
            .Select(duration => Invalid("services.caddy.stop_grace", $"version: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n    stop_grace: {duration}\n", duration, duration)),
    ];

    public static readonly RegistryCase[] ZeroDurations =
    [
        .. new[] { "0", "0s", "0ms", "0.0", "00", "0h0m" }
            .Select(duration => Valid($"version: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n    stop_grace: {duration}\n    verify: {{settle: {duration}}}\n", label: duration)),
    ];

    public static readonly RegistryCase DurationBeyondRange = Invalid("services.caddy.stop_grace", "version: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n    stop_grace: 999999999h\n") with { ParserOnly = ParserOnlyCheck.DurationRange };
    public static readonly RegistryCase BadSettleDuration = Invalid("services.caddy.verify.settle", "version: 1\nservices:\n  caddy:\n    inputs: [a.conf]\n    verify:\n      settle: soon\n");

    public static readonly RegistryCase EmptyServices = Invalid("services", "version: 1\nservices: {}\n");
    public static readonly RegistryCase MissingServices = Invalid("services", "version: 1\n");
    public static readonly RegistryCase NullServices = Invalid("services", "version: 1\nservices:\n");
    public static readonly RegistryCase InputsGivenAsString = Invalid("services.caddy.inputs", "version: 1\nservices:\n  caddy:\n    inputs: a.conf\n");
    public static readonly RegistryCase EmptyInputs = Invalid("services.caddy.inputs", "version: 1\nservices:\n  caddy:\n    inputs: []\n");
    public static readonly RegistryCase ServiceWithoutInputs = Invalid("services.caddy.inputs", "version: 1\nservices:\n  caddy:\n    apply: none\n");
    public static readonly RegistryCase InvalidServiceName = Invalid("services._caddy", "version: 1\nservices:\n  _caddy:\n    inputs: [a.conf]\n");
    public static readonly RegistryCase InvalidExplicitProjectName = Invalid("project", "version: 1\nproject: My_App\nservices:\n  web:\n    inputs: [a.conf]\n");

    /// <summary>Names must be YAML strings; free text (paths, arguments, bodies, header values) takes numbers as written.</summary>
    public static readonly RegistryCase[] Typing =
    [
        Invalid("project", "version: 1\nproject: 2024\nservices:\n  web:\n    inputs: [a.conf]\n", "must be a string, not the number 2024 (quote it: \"2024\")", "project: 2024"),
        Valid("version: 1\nproject: \"2024\"\nservices:\n  web:\n    inputs: [a.conf]\n", label: "project: \"2024\""),
        Invalid("services.web.container", "version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    container: 12\n", label: "container: 12"),
        Valid("version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    container: \"12\"\n", label: "container: \"12\""),
        Invalid("services.web.managed.image", "version: 1\nservices:\n  web:\n    managed: {image: true}\n", "must be a string, not the boolean true", "image: true"),
        Invalid("agent.token_env", "version: 1\nagent: {token_env: TRUE}\nservices:\n  web:\n    inputs: [a.conf]\n", label: "token_env: TRUE"),
        Invalid("services.web.depends_on[0]", "version: 1\nservices:\n  \"true\":\n    inputs: [a.conf]\n  web:\n    inputs: [a.conf]\n    depends_on: [true]\n", label: "depends_on: [true]"),
        Valid("version: 1\nservices:\n  \"true\":\n    inputs: [a.conf]\n  web:\n    inputs: [a.conf]\n    depends_on: [\"true\"]\n", label: "depends_on: [\"true\"]"),
        Valid("version: 1\nstate: 1\nservices:\n  web:\n    inputs: [a.conf]\n    verify: {http: {url: http://127.0.0.1/, body_contains: 200, headers: {X-Retries: 3, X-Debug: true}}, exec: [test, 1, -eq, 1.0]}\n", label: "free text"),
        Valid("version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    apply: exec\n    exec: [kill, -HUP, 1]\n", label: "exec: [kill, -HUP, 1]"),
    ];
}
