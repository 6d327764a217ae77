namespace Driftless.Core.Tests.Registry;

/// <summary><c>check:</c> — argv, timeout, where, and the placeholders of a host check.</summary>
internal static partial class RegistryCases
{
    public static readonly RegistryCase CheckWithDefaults = Valid(Alloy("check:", "  exec: [alloy, fmt, /etc/alloy/config.alloy]"));
    public static readonly RegistryCase CheckEveryKey = Valid(Alloy("check:", "  exec: [caddy, validate, --config, /etc/caddy/Caddyfile]", "  timeout: 1m30s", "  where: container"));
    public static readonly RegistryCase CheckOnManagedService = Valid(Gw("managed: {image: gw:v1}", "check: {exec: [gw, --check], timeout: 10m}"));
    public static readonly RegistryCase CheckWithInPlaceMode = Valid(Alloy("apply: exec", "exec: [caddy, reload]", "check: {exec: [caddy, validate]}"));

    /// <summary>A host check's argv as written (label) and as expanded for the inputs <c>a.conf</c>, <c>configs/web.conf</c>, joined by spaces, relative to the registry's directory (<see cref="RegistryCase.Expect"/>).</summary>
    public static readonly RegistryCase[] HostCheckArguments =
    [
        .. new[]
        {
            ("[nginx, -t, -c, \"{input:2}\"]", "nginx -t -c configs/web.conf"),
            ("[check, \"--config={input:1}\", \"{input:2}\"]", "check --config=a.conf configs/web.conf"),
            ("[promtool, check, config, \"{inputs}\"]", "promtool check config a.conf configs/web.conf"),
            ("[jq, \"{{.a}}\", \"{input:1}}}\"]", "jq {.a} a.conf}"),
            ("[tool, 8080, true]", "tool 8080 true"),
        }.Select(c => Valid("version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    secrets: [configs/web.conf]\n    check:\n      where: host\n      exec: " + c.Item1 + "\n", c.Item2, c.Item1)),
    ];

    public static readonly RegistryCase HostCheckOnlyInput = Valid(Alloy("check: {where: host, exec: [alloy, fmt, \"{input}\"]}"), "alloy fmt a.conf");
    public static readonly RegistryCase ContainerCheckLiteralBraces = Valid(Alloy("check: {exec: [sh, -c, \"test -f /x && { echo ok; }\", \"{}\"]}"));

    /// <summary>Each check: problem in <c>alloy</c>'s check (key path, start of the problem; the label says what is wrong).</summary>
    public static readonly RegistryCase[] BadChecks =
    [
        Invalid("services.alloy.check.exec", Alloy("check: {exec: caddy validate --config /etc/caddy/Caddyfile}"), "must be a list, not a string: a check runs argv, never a shell", "exec as a shell string"),
        Invalid("services.alloy.check.exec", Alloy("check: {exec: []}"), "must list the command and its arguments", "empty exec"),
        Invalid("services.alloy.check.exec", Alloy("check: {exec: {caddy: validate}}"), "must be a list (e.g. [a, b]), not a mapping", "exec as a mapping"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {exec: [caddy, \"\"]}"), "must be a non-empty string", "empty argument"),
        Invalid("services.alloy.check.exec", Alloy("check: {timeout: 5s}"), "missing required key 'exec' (the command that validates the new configuration", "no exec") with { At = (5, 5) },
        Invalid("services.alloy.check", Alloy("check: [caddy, validate]"), "must be a mapping, not a list", "check as a list"),
        Invalid("services.alloy.check", Alloy("check:"), "must be a mapping, not an empty value", "empty check"),
        Invalid("services.alloy.check.tiemout", Alloy("check: {exec: [a], tiemout: 5s}"), "unknown key 'tiemout'; did you mean 'timeout'?", "misspelt timeout"),
        Invalid("services.alloy.check.exce", Alloy("check: {exce: [a]}"), "unknown key 'exce'; did you mean 'exec'?", "misspelt exec, not also missing"),
        Invalid("services.alloy.check.timeout", Alloy("check: {exec: [a], timeout: 0s}"), "must be longer than 0", "timeout 0"),
        Invalid("services.alloy.check.timeout", Alloy("check: {exec: [a], timeout: soon}"), "invalid duration 'soon'", "timeout not a duration"),
        Invalid("services.alloy.check.timeout", Alloy("check: {exec: [a], timeout: 10m1s}"), "must be at most 10m", "timeout over the cap") with { ParserOnly = ParserOnlyCheck.DurationRange },
        Invalid("services.alloy.check.where", Alloy("check: {exec: [a], where: docker}"), "unknown check location 'docker'; valid locations: container, host", "unknown where"),
        Invalid("services.alloy.check.where", Alloy("check: {exec: [a], where: hots}"), "unknown check location 'hots'; valid locations: container, host (did you mean 'host'?)", "misspelt where"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {exec: [caddy, \"{input}\"]}"), "placeholders such as {input} are only expanded with where: host", "placeholder in a container check"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {where: container, exec: [caddy, \"--config={input:1}\"]}"), "placeholders such as {input} are only expanded with where: host", "numbered placeholder in a container check"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {where: host, exec: [caddy, \"{file}\"]}"), "unknown placeholder '{file}'; valid placeholders: {input}, {input:N}, {inputs}", "unknown placeholder"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {where: host, exec: [caddy, \"{inptu}\"]}"), "unknown placeholder '{inptu}'; valid placeholders: {input}, {input:N}, {inputs} (did you mean '{input}'?)", "misspelt placeholder"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {where: host, exec: [caddy, \"--files={inputs}\"]}"), "{inputs} stands for several arguments, so it must be a whole argument on its own", "inputs inside an argument"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {where: host, exec: [caddy, \"{input:0}\"]}"), "invalid placeholder '{input:0}': N in {input:N} is a number from 1", "input 0"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {where: host, exec: [caddy, \"{input:x}\"]}"), "invalid placeholder '{input:x}'", "input x"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {where: host, exec: [caddy, \"a}b\"]}"), "a lone '}' (write }} for a literal brace)", "lone closing brace"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {where: host, exec: [caddy, \"{input\"]}"), "a '{' that no '}' closes (write {{ for a literal brace)", "unclosed placeholder"),
        Invalid("services.alloy.check.exec[1]", Alloy("check: {where: host, exec: [caddy, \"{input:2}\"]}"), "{input:2} names input 2, but the service has 1", "input out of range") with { ParserOnly = ParserOnlyCheck.PlaceholderInRange },
        Invalid("services.web.check.exec[1]", "version: 1\nservices:\n  web:\n    inputs: [a.conf, configs/web.conf]\n    check: {where: host, exec: [nginx, \"{input}\"]}\n", "{input} names the service's only input, but it has 2; name one as {input:N}", "input of several") with { ParserOnly = ParserOnlyCheck.PlaceholderInRange },
    ];

    /// <summary>An invalid <c>where</c> leaves the placeholders unjudged: the only error is the location's.</summary>
    public static readonly RegistryCase PlaceholderUnderUnknownWhere = Invalid("services.alloy.check.where", Alloy("check: {where: remote, exec: [caddy, \"{file}\"]}"), "unknown check location 'remote'");
}
