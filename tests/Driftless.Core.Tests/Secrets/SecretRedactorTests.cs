using Driftless.Core.Events;
using Driftless.Core.Registry;
using Driftless.Core.Secrets;
using Driftless.Core.Tests.Registry;

namespace Driftless.Core.Tests.Secrets;

/// <summary>SECRETS_SHOW_TEMPLATES, defence in depth: every value a registry template resolves to is shown as its <c>${NAME}</c>.</summary>
public sealed class SecretRedactorTests : IDisposable
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal)
    {
        ["RELOAD_HOST"] = "reload-host.example",
        ["RELOAD_TOKEN"] = "tok/en+1 é",
        ["CHECK_HOST"] = "check-host.example",
        ["CHECK_KEY"] = "check-key-value",
        ["GW_KEY"] = "gateway-key-value",
        ["AGENT_TOKEN"] = "agent-token-value",
        ["SHORT"] = "abc",
        ["UNUSED"] = "unused-value",
    };

    private readonly RegistryFiles _files;

    public SecretRedactorTests() => _files = new RegistryFiles(name => _environment.GetValueOrDefault(name));

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task EveryTemplatedField_IsRedacted_ToItsTemplate()
    {
        var redactor = SecretRedactor.For(await LoadAsync(), name => _environment.GetValueOrDefault(name));

        foreach (var (name, value) in _environment.Where(e => e.Key is not ("SHORT" or "UNUSED")))
        {
            Assert.Equal($"[${{{name}}}]", redactor.Redact($"[{value}]"));
        }
    }

    [Fact]
    public async Task ManagedEnv_KeepsTheVariablesItsValuesWereExpandedFrom()
    {
        var registry = await LoadAsync();

        var gateway = registry.Find("gateway")!.Managed!;
        Assert.Equal("pre-gateway-key-value", gateway.Environment["API_KEY"]);
        Assert.Equal(["GW_KEY", "SHORT"], gateway.TemplateVariables);
    }

    [Fact]
    public async Task CaseVariants_UrlEncoded_AndJsonEscapedForms_AreRedacted()
    {
        var redactor = SecretRedactor.For(await LoadAsync(), name => _environment.GetValueOrDefault(name));

        Assert.Equal("${RELOAD_HOST}:1", redactor.Redact("RELOAD-HOST.EXAMPLE:1"));
        Assert.Equal("q=${RELOAD_TOKEN}", redactor.Redact("q=" + Uri.EscapeDataString("tok/en+1 é")));
        Assert.Equal("\"${RELOAD_TOKEN}\"", redactor.Redact("\"tok/en\\u002B1 \\u00E9\""));
    }

    [Fact]
    public async Task ShortValues_AndVariablesNoTemplateNames_AreLeftAlone()
    {
        var redactor = SecretRedactor.For(await LoadAsync(), name => _environment.GetValueOrDefault(name));

        Assert.Equal("abc exited 1; unused-value", redactor.Redact("abc exited 1; unused-value"));
    }

    [Fact]
    public async Task OnePass_TheLongestValueWins_AndATemplateIsNotRedactedAgain()
    {
        // A value naming another variable must not turn ${RELOAD_HOST} into ${${...}_HOST}.
        _environment["RELOAD_HOST"] = "host-value";
        _environment["CHECK_HOST"] = "host-value.long";
        _environment["CHECK_KEY"] = "RELOAD";
        var registry = await LoadAsync();
        var redactor = SecretRedactor.For(registry, name => _environment.GetValueOrDefault(name));

        Assert.Equal("${CHECK_HOST} ${RELOAD_HOST} ${CHECK_KEY}", redactor.Redact("host-value.long host-value RELOAD"));
    }

    [Fact]
    public async Task AnEvent_HasItsFreeTextRedacted_AndNothingElse()
    {
        var redactor = SecretRedactor.For(await LoadAsync(), name => _environment.GetValueOrDefault(name));
        var e = new ApplyEvent(
            DateTimeOffset.UnixEpoch, "web", null, "sha256:1", ["configs/web/a.conf"], "exec", EventResult.Failed, 1, "id", null,
            "error check-key-value", "reason gateway-key-value", "exec", "output agent-token-value");

        var redacted = redactor.Redact(e);

        Assert.Equal(
            e with { Error = "error ${CHECK_KEY}", Reason = "reason ${GW_KEY}", Output = "output ${AGENT_TOKEN}" },
            redacted);
    }

    private Task<DriftlessRegistry> LoadAsync() => _files.LoadAsync(Yaml());

    private static string Yaml() => """
        version: 1
        project: demo
        agent: {token_env: AGENT_TOKEN}
        services:
          web:
            container: web
            inputs: [a.conf]
            apply: reload_http
            reload: {url: "http://${RELOAD_HOST}:1/-/reload", headers: {Authorization: "Bearer ${RELOAD_TOKEN}"}}
            verify:
              http: {url: "http://${CHECK_HOST}/health", headers: {X-Key: "${CHECK_KEY}"}}
          gateway:
            inputs: [a.conf]
            apply: restart
            managed:
              image: gw:v1
              env: {LOG_LEVEL: info, API_KEY: "pre-${GW_KEY}", SHORT: "${SHORT}"}
        """;
}
