using Driftless.Core.Tests.Registry;
using NJsonSchema;

namespace Driftless.Core.Tests.Schema;

public sealed class RegistrySchemaTests
{
    private static readonly string Root = RepositoryRoot.Find();

    public static TheoryData<string> ValidDocuments()
    {
        var data = new TheoryData<string> { "sample:full", "sample:minimal", "sample:inplace", "sample:managed" };
        var examples = Path.Combine(Root, "examples");
        if (Directory.Exists(examples))
        {
            foreach (var file in Directory.EnumerateFiles(examples, "driftless.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(Root, file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public async Task Schema_AcceptsValidRegistries(string source)
    {
        var yaml = source switch
        {
            "sample:full" => RegistrySamples.Full,
            "sample:minimal" => RegistrySamples.Minimal,
            "sample:inplace" => RegistrySamples.InPlace,
            "sample:managed" => RegistrySamples.Managed,
            _ => await File.ReadAllTextAsync(Path.Combine(Root, source)),
        };

        var errors = await ValidateAsync(yaml);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("    apply: reload_http\n    reload: {url: \"https://${HOST}:1/-/reload\", method: get, headers: {Authorization: \"Bearer ${T}\"}}\n")]
    [InlineData("    apply: reload_http\n    reload: {url: HTTP://x/$5, timeout: 1m, expect_status: [100, 599]}\n    fallback: restart\n")]
    [InlineData("    apply: signal\n    signal: hup\n    on_stale_mount: recreate\n")]
    [InlineData("    apply: signal\n    signal: SIGUSR2\n")]
    [InlineData("    apply: exec\n    exec: [nginx, -s, reload]\n    fallback: recreate\n    on_stale_mount: fail\n")]
    [InlineData("    depends_on: []\n    verify: {http: {url: http://x/health}, exec: [/bin/true], timeout: 5s}\n")]
    [InlineData("    managed: {image: gw:v1}\n    apply: recreate\n    wait: {min: 0s}\n")]
    [InlineData("    managed: {image: gw:v1, command: [], env: {A: 1, B: true, C: \"${X}\"}, ports: [\"8080:80\", \"[::1]:1:2/udp\"], volumes: [\"d:/d\"]}\n")]
    public async Task Schema_AcceptsInPlaceVariants(string serviceLines)
    {
        var errors = await ValidateAsync("version: 1\nservices:\n  svc:\n    inputs: [a]\n" + serviceLines);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("version: 1\nservices:\n  caddy:\n    inptus: [a]\n", "inptus")]
    [InlineData("version: 1\nfrobnicate: 1\nservices:\n  caddy:\n    inputs: [a]\n", "frobnicate")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    apply: reboot\n", "apply")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    stop_grace: 10\n", "stop_grace")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    verify:\n      settle: soon\n", "settle")]
    [InlineData("version: 2\nservices:\n  caddy:\n    inputs: [a]\n", "version")]
    [InlineData("version: \"1\"\nservices:\n  caddy:\n    inputs: [a]\n", "version")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: a\n", "inputs")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: []\n", "inputs")]
    [InlineData("version: 1\nservices: {}\n", "services")]
    [InlineData("version: 1\nservices:\n  _caddy:\n    inputs: [a]\n", "_caddy")]
    [InlineData("version: 1\nservices:\n  alloy:\n    inputs: [a]\n    apply: reload_http\n", "alloy")]
    [InlineData("version: 1\nservices:\n  alloy:\n    inputs: [a]\n    apply: restart\n    reload: {url: http://x/}\n", "alloy")]
    [InlineData("version: 1\nservices:\n  alloy:\n    inputs: [a]\n    reload: {url: http://x/}\n", "alloy")]
    [InlineData("version: 1\nservices:\n  alloy:\n    inputs: [a]\n    apply: reload_http\n    reload: {method: POST}\n", "url")]
    [InlineData("version: 1\nservices:\n  alloy:\n    inputs: [a]\n    apply: reload_http\n    reload: {url: ftp://x/}\n", "url")]
    [InlineData("version: 1\nservices:\n  alloy:\n    inputs: [a]\n    apply: reload_http\n    reload: {url: \"http://x/${A-B}\"}\n", "url")]
    [InlineData("version: 1\nservices:\n  alloy:\n    inputs: [a]\n    apply: reload_http\n    reload: {url: http://x/, method: FETCH}\n", "method")]
    [InlineData("version: 1\nservices:\n  alloy:\n    inputs: [a]\n    apply: reload_http\n    reload: {url: http://x/, expect_status: [700]}\n", "expect_status")]
    [InlineData("version: 1\nservices:\n  alloy:\n    inputs: [a]\n    apply: reload_http\n    reload: {url: http://x/, headers: {X-Key: \"${OPEN\"}}\n", "X-Key")]
    [InlineData("version: 1\nservices:\n  nginx:\n    inputs: [a]\n    apply: signal\n    signal: SIGHUPP\n", "signal")]
    [InlineData("version: 1\nservices:\n  nginx:\n    inputs: [a]\n    apply: signal\n", "nginx")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    apply: exec\n    exec: []\n", "exec")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    apply: restart\n    fallback: recreate\n", "caddy")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    apply: recreate\n    on_stale_mount: fail\n", "caddy")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    apply: exec\n    exec: [x]\n    fallback: none\n", "fallback")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    depends_on: [a, a]\n", "depends_on")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    verify: {http: {expect_status: [200]}}\n", "http")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    verify: {exec: []}\n", "exec")]
    [InlineData("version: 1\nservices:\n  caddy:\n    inputs: [a]\n    verify: {timeout: 30}\n", "timeout")]
    [InlineData("version: 1\ntick: 30\nservices:\n  gw:\n    inputs: [a]\n", "tick")]
    [InlineData("version: 1\nwait: {mni: 1s}\nservices:\n  gw:\n    inputs: [a]\n", "mni")]
    [InlineData("version: 1\nagent: {listen: 7411}\nservices:\n  gw:\n    inputs: [a]\n", "listen")]
    [InlineData("version: 1\nagent: {watch: inotify}\nservices:\n  gw:\n    inputs: [a]\n", "watch")]
    [InlineData("version: 1\nagent: {token_env: 1X}\nservices:\n  gw:\n    inputs: [a]\n", "token_env")]
    [InlineData("version: 1\nagent: {token_env: X, token_file: t}\nservices:\n  gw:\n    inputs: [a]\n", "agent")]
    [InlineData("version: 1\nservices:\n  gw:\n    inputs: [a]\n    managed: {command: [a]}\n", "image")]
    [InlineData("version: 1\nservices:\n  gw:\n    inputs: [a]\n    managed: {image: x, command: /bin/gw --x}\n", "command")]
    [InlineData("version: 1\nservices:\n  gw:\n    inputs: [a]\n    managed: {image: x, ports: [\"80\"]}\n", "ports")]
    [InlineData("version: 1\nservices:\n  gw:\n    inputs: [a]\n    managed: {image: x, volumes: [\"./a:etc\"]}\n", "volumes")]
    [InlineData("version: 1\nservices:\n  gw:\n    inputs: [a]\n    managed: {image: x, stop_signal: SIGFOO}\n", "stop_signal")]
    [InlineData("version: 1\nservices:\n  gw:\n    inputs: [a]\n    container: edge\n    managed: {image: x}\n", "gw")]
    public async Task Schema_RejectsInvalidRegistries(string yaml, string mentioned)
    {
        var errors = await ValidateAsync(yaml);

        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Contains(mentioned, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schema_DescribesEveryProperty()
    {
        var schema = await LoadSchemaAsync();
        var undocumented = new List<string>();
        Visit(schema, "#", undocumented, []);

        Assert.Empty(undocumented);
    }

    private static void Visit(JsonSchema schema, string path, List<string> undocumented, HashSet<JsonSchema> seen)
    {
        if (!seen.Add(schema))
        {
            return;
        }

        foreach (var (name, property) in schema.ActualSchema.Properties)
        {
            if (string.IsNullOrWhiteSpace(property.Description))
            {
                undocumented.Add($"{path}/{name}");
            }

            Visit(property.ActualSchema, $"{path}/{name}", undocumented, seen);
        }

        foreach (var (pattern, property) in schema.ActualSchema.PatternProperties)
        {
            Visit(property.ActualSchema, $"{path}/{pattern}", undocumented, seen);
        }

        if (schema.ActualSchema.Item is { } item)
        {
            Visit(item.ActualSchema, $"{path}[]", undocumented, seen);
        }
    }

    private static Task<JsonSchema> LoadSchemaAsync() =>
        JsonSchema.FromFileAsync(Path.Combine(Root, "schema", "driftless.schema.json"));

    private static async Task<List<string>> ValidateAsync(string yaml)
    {
        var schema = await LoadSchemaAsync();
        return schema.Validate(YamlToJson.Convert(yaml)).Select(e => e.ToString()).ToList();
    }
}
