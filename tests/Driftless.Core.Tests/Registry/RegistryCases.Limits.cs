namespace Driftless.Core.Tests.Registry;

/// <summary>The registry's limits on names, strings, inputs and reload signals (README, "Limits").</summary>
internal static partial class RegistryCases
{
    public static readonly RegistryCase ProjectNameAtTheLimit = Valid(Top("project: " + new string('p', 63)));
    public static readonly RegistryCase ProjectNameTooLong = Invalid("project", Top("project: " + new string('p', 64)), "the compose project name is 64 characters long; at most 63 are allowed");
    public static readonly RegistryCase ServiceNameAtTheLimit = Valid(Service(new string('s', 63), []));
    public static readonly RegistryCase ServiceNameTooLong = Invalid("services." + new string('s', 64), Service(new string('s', 64), []), "the compose service name is 64 characters long; at most 63 are allowed");
    public static readonly RegistryCase ContainerNameAtTheLimit = Valid(Alloy("container: " + new string('c', 253)));
    public static readonly RegistryCase ContainerNameTooLong = Invalid("services.alloy.container", Alloy("container: " + new string('c', 254)), "the container name is 254 characters long; at most 253 are allowed");

    /// <summary>SIGKILL and SIGSTOP cannot be caught: never a reload signal, however written (label).</summary>
    public static readonly RegistryCase[] UncatchableReloadSignals =
    [
        .. new[] { ("SIGKILL", "SIGKILL cannot be caught"), ("kill", "SIGKILL cannot be caught"), ("SIGSTOP", "SIGSTOP cannot be caught"), ("Stop", "SIGSTOP cannot be caught") }
            .Select(s => Invalid("services.alloy.signal", Alloy("apply: signal", $"signal: {s.Item1}"), s.Item2, s.Item1)),
    ];

    /// <summary>As a stop signal SIGKILL is what docker itself ends with: still accepted there.</summary>
    public static readonly RegistryCase KillAsStopSignal = Valid(Gw("managed:", "  image: gw:v1", "  stop_signal: SIGKILL"));

    /// <summary>The filesystem root, however spelt (label), is no input.</summary>
    public static readonly RegistryCase[] RootInputs =
    [
        .. new[] { "/", "//", "/..", "/./" }
            .Select(root => Invalid("services.caddy.inputs[0]", $"version: 1\nservices:\n  caddy:\n    inputs: [\"{root}\"]\n", $"input '{root}' is the filesystem root", root) with { ParserOnly = ParserOnlyCheck.InputNotRoot }),
    ];

    /// <summary>A NUL (<c>"\0"</c>) in a path, an argument or a URL (label).</summary>
    public static readonly RegistryCase[] NulInStrings =
    [
        Invalid("services.caddy.inputs[0]", "version: 1\nservices:\n  caddy:\n    inputs: [\"a.conf\\0x\"]\n", "must not contain a NUL character", "input") with { ParserOnly = ParserOnlyCheck.NoNul },
        Invalid("state", Top("state: \"st\\0ate\""), "must not contain a NUL character", "state") with { ParserOnly = ParserOnlyCheck.NoNul },
        Invalid("services.alloy.exec[1]", Alloy("apply: exec", "exec: [kill, \"-HUP\\0\"]"), "must not contain a NUL character", "exec argument") with { ParserOnly = ParserOnlyCheck.NoNul },
        Invalid("services.alloy.reload.url", Alloy("apply: reload_http", "reload: {url: \"http://127.0.0.1/\\0\"}"), "must not contain a NUL character", "reload url"),
    ];
}
