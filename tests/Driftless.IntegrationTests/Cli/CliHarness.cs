using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Driftless.Cli;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>Runs the <c>driftless</c> command: in-process through <see cref="CliApp.RunAsync(string[], CliConsole, CancellationToken)"/>, or as a subprocess (for environment variables).</summary>
public static class DriftlessCli
{
    /// <summary>The built CLI, copied into the test output directory.</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "driftless.dll");

    public static async Task<CmdResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, IsTty: false), CancellationToken.None);
        return new CmdResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary><c>dotnet driftless.dll ARGS</c> with extra environment (a null value unsets a variable).</summary>
    public static Task<CmdResult> RunProcessAsync(
        IReadOnlyList<string> args,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        Cmd.RunAsync(["dotnet", DllPath, .. args], workingDirectory, TimeSpan.FromSeconds(120), environment);

    /// <summary>For assertion messages: the whole run.</summary>
    public static string Describe(this CmdResult result) =>
        $"exit {result.ExitCode}\n--- stdout\n{result.Stdout}\n--- stderr\n{result.Stderr}";

    public static JsonElement Json(this CmdResult result)
    {
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }
}

/// <summary>One compose service of a <see cref="Stack"/> and its registry entry.</summary>
public sealed class StackService(string name)
{
    public string Name { get; } = name;

    public string Apply { get; private set; } = "restart";

    public string Image { get; private set; } = TestNames.Image;

    /// <summary>The compose <c>command:</c>; null: the image's own.</summary>
    public IReadOnlyList<string>? Command { get; private set; } = ["sleep", "3600"];

    internal List<string> Inputs { get; } = [];

    internal List<string> Volumes { get; } = [];

    internal List<string> Ports { get; } = [];

    internal List<(string Name, string Value)> Environment { get; } = [];

    /// <summary>Registry keys beyond inputs/apply/stop_grace/verify, as YAML (flow) values, in order.</summary>
    internal List<(string Key, string Yaml)> RegistryKeys { get; } = [];

    /// <summary><c>verify:</c> keys beyond <c>settle</c>, as YAML (flow) values, in order.</summary>
    internal List<(string Key, string Yaml)> VerifyKeys { get; } = [];

    /// <summary>
    /// Another image with its own entrypoint/command (e.g. <see cref="TestNames.ReloaderImage"/>); call
    /// <see cref="Runs"/> afterwards to override the command.
    /// </summary>
    public StackService FromImage(string image)
    {
        Image = image;
        Command = null;
        return this;
    }

    public StackService Env(string name, string value)
    {
        Environment.Add((name, value));
        return this;
    }

    /// <summary>Publishes a container port on 127.0.0.1 (pick the host port with <see cref="FreePort.Next"/>).</summary>
    public StackService Publish(int hostPort, int containerPort)
    {
        Ports.Add($"127.0.0.1:{hostPort.ToString(CultureInfo.InvariantCulture)}:{containerPort.ToString(CultureInfo.InvariantCulture)}");
        return this;
    }

    /// <summary>A read-write bind mount that is not a config input (e.g. a log the test reads).</summary>
    public StackService SharedMount(string relativeDirectory, string containerPath)
    {
        Volumes.Add($"./{relativeDirectory.TrimEnd('/')}:{containerPath}");
        return this;
    }

    /// <summary>Any registry key of this service, its value as YAML (flow style).</summary>
    public StackService Key(string key, string yaml)
    {
        RegistryKeys.Add((key, yaml));
        return this;
    }

    /// <summary><c>reload: {url, method: POST, timeout, expect_status: [200]}</c> (for <c>apply: reload_http</c>).</summary>
    public StackService Reload(string url, string timeout = "3s", string? extra = null) =>
        Key("reload", $"{{url: {Quote(url)}, method: POST, timeout: {timeout}, expect_status: [200]{(extra is null ? "" : ", " + extra)}}}");

    public StackService Signal(string signal) => Key("signal", signal);

    /// <summary><c>exec:</c> argv run inside the container (for <c>apply: exec</c>).</summary>
    public StackService ExecApply(params string[] argv) => Key("exec", Stack.FlowList(argv));

    public StackService Fallback(string mode) => Key("fallback", mode);

    public StackService OnStaleMount(string action) => Key("on_stale_mount", action);

    public StackService DependsOn(params string[] services) => Key("depends_on", Stack.FlowList(services));

    /// <summary><c>verify.http</c>: a GET that must answer 200 (and contain <paramref name="bodyContains"/>).</summary>
    public StackService VerifyHttp(string url, string? bodyContains = null)
    {
        VerifyKeys.Add(("http", $"{{url: {Quote(url)}, expect_status: [200]{(bodyContains is null ? "" : ", body_contains: " + Quote(bodyContains))}}}"));
        return this;
    }

    public StackService VerifyExec(params string[] argv)
    {
        VerifyKeys.Add(("exec", Stack.FlowList(argv)));
        return this;
    }

    public StackService VerifyTimeout(string timeout)
    {
        VerifyKeys.Add(("timeout", timeout));
        return this;
    }

    private static string Quote(string value) => Stack.FlowList([value])[1..^1];

    public StackService Mode(string apply)
    {
        Apply = apply;
        return this;
    }

    /// <summary>A single-file bind mount (the bug.0017 trap) declared as a file input.</summary>
    public StackService FileMount(string relativePath, string containerPath)
    {
        Inputs.Add(relativePath);
        Volumes.Add($"./{relativePath}:{containerPath}:ro");
        return this;
    }

    /// <summary>A directory bind mount declared as a directory input (<c>configs/web/</c>).</summary>
    public StackService DirectoryMount(string relativeDirectory, string containerPath)
    {
        Inputs.Add(relativeDirectory.TrimEnd('/') + "/");
        Volumes.Add($"./{relativeDirectory.TrimEnd('/')}:{containerPath}:ro");
        return this;
    }

    public StackService Runs(params string[] command)
    {
        Command = command;
        return this;
    }
}

/// <summary>What the engine says about a container at one moment (read with the docker CLI, not Driftless).</summary>
public sealed record ContainerFacts(string Id, string StartedAt, bool Running, int Pid, string? ConfigHashLabel);

/// <summary>
/// A compose stack in its own <see cref="TempDir"/> with a unique project name: compose file, driftless.yaml
/// (stop_grace 1s, settle 500ms) and the config files the test writes. Disposal downs the project.
/// </summary>
public sealed class Stack : IAsyncDisposable
{
    public const string HashLabel = "io.driftless.config-hash";

    private readonly List<StackService> _services = [];

    public Stack()
    {
        Dir = new TempDir("dlt-e2e");
        Compose = new ComposeProject(Dir);
    }

    public TempDir Dir { get; }

    public ComposeProject Compose { get; }

    public string Project => Compose.Name;

    public string RegistryPath => Dir.File("driftless.yaml");

    public string StateDirectory => Dir.File(".driftless");

    public StackService Service(string name)
    {
        var service = new StackService(name);
        _services.Add(service);
        return service;
    }

    /// <summary>Writes a config file (in place: same inode when it exists).</summary>
    public string Write(string relativePath, string content) => Dir.Write(relativePath, content);

    /// <summary>Replaces a config file the rsync way: temp file, rename over (new inode).</summary>
    public string ReplaceAtomically(string relativePath, string content) => Dir.ReplaceAtomically(relativePath, content);

    public void WriteFiles()
    {
        Compose.WriteFile(ComposeYaml());
        Dir.Write("driftless.yaml", RegistryYaml());
    }

    /// <summary>Writes compose file and registry, then <c>compose up -d</c> (plain: no Driftless involved).</summary>
    public async Task UpAsync()
    {
        WriteFiles();
        await Compose.UpAsync();
    }

    public string ComposeYaml()
    {
        var yaml = new StringBuilder("version: \"2.4\"\nservices:\n");
        foreach (var s in _services)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  {s.Name}:
                    image: {s.Image}
                    init: true
                    labels: ["{TestNames.OwnerLabel}=1"]
                    volumes: {FlowList(s.Volumes)}

                """);
            if (s.Command is not null)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    command: {FlowList(s.Command)}\n");
            }

            if (s.Ports.Count > 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    ports: {FlowList(s.Ports)}\n");
            }

            if (s.Environment.Count > 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    environment: {FlowList(s.Environment.Select(e => e.Name + "=" + e.Value))}\n");
            }
        }

        return yaml.ToString();
    }

    public string RegistryYaml()
    {
        var yaml = new StringBuilder().Append(CultureInfo.InvariantCulture, $"version: 1\nproject: {Project}\ncompose: {{files: [docker-compose.yml]}}\nservices:\n");
        foreach (var s in _services)
        {
            var verify = string.Concat(s.VerifyKeys.Select(k => $", {k.Key}: {k.Yaml}"));
            yaml.Append(CultureInfo.InvariantCulture, $$"""
                  {{s.Name}}:
                    inputs: {{FlowList(s.Inputs)}}
                    apply: {{s.Apply}}
                    stop_grace: 1s
                    verify: {settle: 500ms{{verify}}}

                """);
            foreach (var (key, value) in s.RegistryKeys)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    {key}: {value}\n");
            }
        }

        return yaml.ToString();
    }

    /// <summary><c>driftless ARGS -f driftless.yaml</c>, in-process.</summary>
    public Task<CmdResult> RunAsync(params string[] args) => DriftlessCli.RunAsync([.. args, "-f", RegistryPath]);

    /// <summary><c>dotnet driftless.dll ARGS -f driftless.yaml</c> in the stack directory.</summary>
    public Task<CmdResult> RunProcessAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        DriftlessCli.RunProcessAsync([.. args, "-f", RegistryPath], Dir.Path, environment);

    /// <summary><c>driftless hash PATH</c> run in the stack directory (paths relative to it, like the registry's).</summary>
    public async Task<string> HashAsync(string relativePath)
    {
        var result = await DriftlessCli.RunProcessAsync(["hash", relativePath], Dir.Path);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result.Stdout.Trim();
    }

    public async Task<string> ContainerIdAsync(string service) =>
        await Compose.ContainerIdAsync(service) ?? throw new InvalidOperationException($"no container for {Project}/{service}");

    public async Task<ContainerFacts> FactsAsync(string service)
    {
        var id = await ContainerIdAsync(service);
        var line = await ComposeProject.InspectAsync(
            id, "{{.State.StartedAt}}|{{.State.Running}}|{{.State.Pid}}|{{index .Config.Labels \"" + HashLabel + "\"}}");
        var parts = line.Split('|');
        return new ContainerFacts(
            id,
            parts[0],
            parts[1] == "true",
            int.Parse(parts[2], CultureInfo.InvariantCulture),
            parts[3] is "" or "<no value>" ? null : parts[3]);
    }

    /// <summary>The file as the container's main process sees it, read through <c>/proc/&lt;pid&gt;/root</c> on this host.</summary>
    public async Task<byte[]> ProcessSeesAsync(string service, string containerPath)
    {
        var facts = await FactsAsync(service);
        Assert.True(facts.Running, $"{service} is not running");
        return await File.ReadAllBytesAsync($"/proc/{facts.Pid}/root{containerPath}");
    }

    public async Task<string> ProcessSeesTextAsync(string service, string containerPath) =>
        Encoding.UTF8.GetString(await ProcessSeesAsync(service, containerPath));

    /// <summary>What <c>docker exec cat</c> shows inside the container.</summary>
    public async Task<string> ExecCatAsync(string service, string containerPath) =>
        await Cmd.RunCheckedAsync(["docker", "exec", await ContainerIdAsync(service), "cat", containerPath]);

    /// <summary>A YAML flow sequence of double-quoted strings: <c>["a", "b"]</c>.</summary>
    public static string FlowList(IEnumerable<string> items) =>
        "[" + string.Join(", ", items.Select(i => "\"" + i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "]";

    public static IReadOnlyList<JsonElement> ReadEvents(string path) =>
        File.ReadAllLines(path)
            .Where(line => line.Length > 0)
            .Select(line =>
            {
                using var document = JsonDocument.Parse(line);
                return document.RootElement.Clone();
            })
            .ToList();

    /// <summary>When a service's apply ran: <c>ts</c> is taken at its end, <c>durationMs</c> back to its start.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Window(JsonElement applyEvent)
    {
        var end = DateTimeOffset.Parse(applyEvent.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture);
        return (end - TimeSpan.FromMilliseconds(applyEvent.GetProperty("durationMs").GetInt64()), end);
    }

    public async ValueTask DisposeAsync()
    {
        await Compose.DisposeAsync();
        Dir.Dispose();
    }
}

/// <summary>
/// The documented service hash, implemented here from its definition (not Driftless's code): SHA-256 over
/// <c>relativePath NUL hexDigest LF</c> per file, sorted ordinally by path; printed <c>sha256:&lt;hex&gt;</c>.
/// </summary>
public static class IndependentHash
{
    public static string Of(IEnumerable<(string RelativePath, byte[] Content)> files)
    {
        var buffer = new MemoryStream();
        foreach (var (path, content) in files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            var line = path + "\0" + Convert.ToHexStringLower(SHA256.HashData(content)) + "\n";
            buffer.Write(Encoding.UTF8.GetBytes(line));
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }
}
