namespace Driftless.Core.Tests.Registry;

/// <summary><c>managed:</c> services and the per-service <c>wait:</c>.</summary>
internal static partial class RegistryCases
{
    public static readonly RegistryCase ManagedSample = Valid(RegistrySamples.Managed);
    public static readonly RegistryCase OnlyManagedImage = Valid(Gw("managed: {image: gw:v1}"));
    public static readonly RegistryCase ServiceWithoutManaged = Valid(Gw());

    public static readonly RegistryCase[] ManagedWithoutInputs =
    [
        Valid("version: 1\nservices:\n  gw:\n    managed: {image: gw:v1}\n", label: "no inputs key"),
        Valid("version: 1\nservices:\n  gw:\n    managed: {image: gw:v1}\n    inputs: []\n", label: "inputs: []"),
    ];

    /// <summary>The first error's line (<see cref="RegistryCase.At"/>) and problem.</summary>
    public static readonly RegistryCase[] ComposeServiceWithoutInputs =
    [
        Invalid("services.web.inputs", "version: 1\nservices:\n  web:\n    apply: restart\n    inputs: []\n", "must list at least one file or directory", "inputs: []") with { At = (5, 13) },
        Invalid("services.web.inputs", "version: 1\nservices:\n  web:\n    apply: restart\n", "missing required key 'inputs'", "no inputs key") with { At = (3, 3) },
    ];

    public static readonly RegistryCase[] ManagedModes =
    [
        .. new[] { "none", "restart", "recreate" }.Select(mode => Valid(Gw($"apply: {mode}", "managed: {image: gw:v1}"), mode, mode)),
    ];

    public static readonly RegistryCase[] StopSignals =
    [
        .. new[] { "term", "SIGTERM", "sigterm", "TERM" }.Select(signal => Valid(Gw("managed:", "  image: gw:v1", $"  stop_signal: {signal}"), "SIGTERM", signal)),
    ];

    public static readonly RegistryCase StopSignalNumber = Invalid("services.gw.managed.stop_signal", Gw("managed:", "  image: gw:v1", "  stop_signal: 15"));
    public static readonly RegistryCase ManagedAndContainer = Invalid("services.gw.container", Gw("container: edge-gw", "managed: {image: gw:v1}"));
    public static readonly RegistryCase ServiceStopGraceOnManaged = Invalid("services.gw.stop_grace", Gw("stop_grace: 5s", "managed: {image: gw:v1}"));
    public static readonly RegistryCase ManagedWithoutImage = Invalid("services.gw.managed.image", Gw("managed:", "  command: [a]"));

    public static readonly RegistryCase[] BadImages =
    [
        Invalid("services.gw.managed.image", Gw("managed:", "  image: \"\""), label: "empty"),
        Invalid("services.gw.managed.image", Gw("managed:", "  image: \"gw v2\""), label: "whitespace"),
    ];

    public static readonly RegistryCase ShellStringCommand = Invalid("services.gw.managed.command", Gw("managed:", "  image: gw:v1", "  command: /bin/gateway --config /etc/gw"));
    public static readonly RegistryCase CommandWithEmptyArgument = Valid(Gw("managed:", "  image: gw:v1", "  command: [/bin/gw, \"\", 8080, true]"));
    public static readonly RegistryCase CommandWithEmptyProgram = Invalid("services.gw.managed.command[0]", Gw("managed:", "  image: gw:v1", "  command: [\"\", x]"));

    /// <summary>The second item of <c>ports: ["127.0.0.1:1:1", label]</c> (line 7, column 32).</summary>
    public static readonly RegistryCase[] BadPorts =
    [
        .. new[]
        {
            ("\"8080\"", "invalid port mapping '8080'"),
            ("\"0:80\"", "invalid port '0'"),
            ("\"8080:70000\"", "invalid port '70000'"),
            ("\"http:80\"", "invalid port 'http'"),
            ("\"8080:80/sctp\"", "unknown protocol 'sctp'"),
            ("\"1.2.3:80:80\"", "'1.2.3' in '1.2.3:80:80' is not an IP address"),
            ("\"300.1.1.1:80:80\"", "'300.1.1.1' in '300.1.1.1:80:80' is not an IP address"),
            ("\"localhost:80:80\"", "'localhost' in 'localhost:80:80' is not an IP address"),
            ("\"::1:80:80\"", "invalid port mapping '::1:80:80'"),
            ("\"[zz]:80:80\"", "'zz' in '[zz]:80:80' is not an IPv6 address"),
            ("\"[fe80::1%eth0]:80:80\"", "'fe80::1%eth0' in '[fe80::1%eth0]:80:80' is not an IPv6 address"),
            ("\"1:2:3:4\"", "invalid port mapping '1:2:3:4'"),
            ("\"80:80/\"", "unknown protocol ''"),
        }.Select(p => Invalid("services.gw.managed.ports[1]", Gw("managed:", "  image: gw:v1", $"  ports: [\"127.0.0.1:1:1\", {p.Item1}]"), p.Item2, p.Item1)),
    ];

    public static readonly RegistryCase PortSpellings = Valid(Gw("managed:", "  image: gw:v1", "  ports: [\"8080:80/TCP\", \"8081:81/Udp\", \"010.0.0.1:0080:80\", \"[::ffff:1.2.3.4]:1:1\", \"[1:2:3:4:5:6:7:8]:2:2\"]"));
    public static readonly RegistryCase DuplicateHostPort = Invalid("services.gw.managed.ports[1]", Gw("managed:", "  image: gw:v1", "  ports: [\"8080:80\", \"8080:81\"]")) with { ParserOnly = ParserOnlyCheck.UniqueParts };
    public static readonly RegistryCase RelativeContainerPath = Invalid("services.gw.managed.volumes[1]", Gw("managed:", "  image: gw:v1", "  volumes:", "    - ./configs:/etc/gw:ro", "    - ./data:data"));
    public static readonly RegistryCase DuplicateContainerPath = Invalid("services.gw.managed.volumes[1]", Gw("managed:", "  image: gw:v1", "  volumes: [\"./a:/etc/gw\", \"./b:/etc/gw:ro\"]")) with { ParserOnly = ParserOnlyCheck.UniqueParts };

    public static readonly RegistryCase[] BadVolumes =
    [
        .. new[] { ("./a", "invalid volume './a'"), (":/etc/gw", "invalid volume ':/etc/gw'"), ("./a:/b:rx", "unknown mount option 'rx'"), ("./a:/b:ro:z", "invalid volume './a:/b:ro:z'") }
            .Select(v => Invalid("services.gw.managed.volumes[0]", Gw("managed:", "  image: gw:v1", $"  volumes: [\"{v.Item1}\"]"), v.Item2, v.Item1)),
    ];

    public static readonly RegistryCase RelativeHostPath = Valid(Gw("managed:", "  image: gw:v1", "  volumes: [\"data/gw:/var/lib/gw:rw\", \"../up:/up\"]"));

    public static readonly RegistryCase MissingEnvironmentVariable = Invalid(
        "services.gw.managed.env.DSN",
        Gw("managed:", "  image: gw:v1", "  env:", "    TOKEN: \"${GW_KEY}\"", "    DSN: \"postgres://u:${DB_PASSWORD}@db\"")) with { ParserOnly = ParserOnlyCheck.VariablesSet };

    public static readonly RegistryCase MalformedEnvironmentTemplate = Invalid("services.gw.managed.env.SECRET", Gw("managed:", "  image: gw:v1", "  env: {SECRET: \"hunter2${OPEN\"}"));
    public static readonly RegistryCase EnvironmentValuesAsWritten = Valid(Gw("managed:", "  image: gw:v1", "  env: {N: 1.50, B: yes, E: \"\", D: cost $5}"));

    /// <summary>The line under <c>managed:</c> (label) and the first error's problem.</summary>
    public static readonly RegistryCase[] BadEnvironments =
    [
        Invalid("services.gw.managed.env.EMPTY", Gw("managed:", "  image: gw:v1", "  env: {EMPTY: }"), "must be a string, number or boolean", "env: {EMPTY: }"),
        Invalid("services.gw.managed.env.LIST", Gw("managed:", "  image: gw:v1", "  env: {LIST: [a]}"), "must be a string, number or boolean", "env: {LIST: [a]}"),
        Invalid("services.gw.managed.env.A=B", Gw("managed:", "  image: gw:v1", "  env: {\"A=B\": x}"), "invalid environment variable name 'A=B'", "env: {\"A=B\": x}"),
        Invalid(@"services.gw.managed.env.A\x00B", Gw("managed:", "  image: gw:v1", "  env: {\"A\\0B\": x}"), "invalid environment variable name", "env: {\"A\\0B\": x}"),
        Invalid("services.gw.managed.env", Gw("managed:", "  image: gw:v1", "  env: [A=B]"), "must be a mapping", "env: [A=B]"),
    ];

    /// <summary>A misspelt key: the line (label), the first error's position (<see cref="RegistryCase.At"/>) and hint.</summary>
    public static readonly RegistryCase[] UnknownManagedKeys =
    [
        Invalid("services.gw.manged", Gw("manged: {image: x}"), "did you mean 'managed'?", "manged: {image: x}") with { At = (5, 5) },
        Invalid("services.gw.managed.imgae", Gw("managed: {image: x, imgae: y}"), "did you mean 'image'?", "managed: {image: x, imgae: y}") with { At = (5, 25) },
        Invalid("services.gw.managed.stop_grce", Gw("managed: {image: x, stop_grce: 1s}"), "did you mean 'stop_grace'?", "managed: {image: x, stop_grce: 1s}") with { At = (5, 25) },
        Invalid("services.gw.wiat", Gw("wiat: {min: 1s}"), "did you mean 'wait'?", "wiat: {min: 1s}") with { At = (5, 5) },
        Invalid("services.gw.wait.mni", Gw("wait: {mni: 1s}"), "did you mean 'min'?", "wait: {mni: 1s}") with { At = (5, 12) },
    ];

    public static readonly RegistryCase ServiceWaitMaxBelowMin = Invalid("services.gw.wait.max", Gw("wait: {min: 2s, max: 1s}")) with { ParserOnly = ParserOnlyCheck.WaitOrder };
}
