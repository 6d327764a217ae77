using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>
/// The secret-value canary (SECRETS_SHOW_TEMPLATES): a unique value in every <c>${NAME}</c> field — reload URL and
/// header, verify.http URL and header, managed env — and in the agent's token variable; then every command of the real
/// CLI (with and without <c>-v</c>) and the real agent (logs with <c>-v</c>, every endpoint) runs against the real
/// engine while requests built from those templates fail. No output, file or answer may hold a value, in any obvious
/// encoding; the failures must show the templates instead.
/// </summary>
public sealed class SecretCanaryTests
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Variable → value. Each value holds a unique core of letters and digits (never hex alone), so one search finds it raw, URL-encoded or JSON-escaped.</summary>
    private readonly Dictionary<string, string> _canaries = new(StringComparer.Ordinal)
    {
        ["C_RHOST"] = Core("rh"),
        ["C_RTOKEN"] = Core("rt") + "+/=\"tok",
        ["C_VHOST"] = Core("vh"),
        ["C_VQUERY"] = Core("vq") + "%2F",
        ["C_VKEY"] = Core("vk") + " key<&>",
        ["C_GWKEY"] = Core("gk") + "+key/é",
        ["C_GWPASS"] = Core("gp") + "p@ss:w",
        ["C_AGENT_TOKEN"] = Core("at") + "-agent",
    };

    private readonly List<(string What, string Text)> _outputs = [];

    [Fact]
    public async Task NoOutput_FileOrApiAnswer_HoldsATemplatedValue()
    {
        await using var stack = new Stack();
        stack.Write("configs/rl/app.conf", "v1\n");
        stack.Write("configs/vf/app.conf", "v1\n");
        stack.Write("configs/gw/app.conf", "v1\n");
        stack.Service("rl").DirectoryMount("configs/rl", "/etc/rl");
        stack.Service("vf").DirectoryMount("configs/vf", "/etc/vf");
        await stack.UpAsync();
        stack.Dir.Write("driftless.yaml", Registry(stack.Project));
        var events = stack.Dir.File("events.jsonl");
        try
        {
            foreach (var command in new[] { "plan", "status", "doctor" })
            {
                await RunAsync(stack, command);
                await RunAsync(stack, command, "-v");
                await RunAsync(stack, command, "-o", "json", "-v");
            }

            // First apply: adopts rl and vf, creates gw with its env.
            var first = await RunAsync(stack, "apply", "--events", events, "-o", "json", "-v");
            Assert.True(first.ExitCode == 0, first.Describe());

            // Then every service applies and the requests built from templates fail: reload (host not found), verify.http.
            foreach (var arguments in new[] { new[] { "apply" }, ["apply", "-v", "--events", events], ["apply", "-o", "json", "--events", events], ["apply", "-o", "json", "-v"] })
            {
                Edit(stack);
                var apply = await RunAsync(stack, arguments);
                Assert.True(apply.ExitCode == 1, apply.Describe());
            }

            foreach (var command in new[] { "history", "status", "plan", "doctor" })
            {
                await RunAsync(stack, command);
                await RunAsync(stack, command, "-v");
                await RunAsync(stack, command, "-o", "json");
            }

            await RunAgentAsync(stack);

        }
        finally
        {
            await RemoveManagedAsync(stack.Project);
        }

        _outputs.Add(("events file", await File.ReadAllTextAsync(events)));
        var stateFiles = Directory.EnumerateFiles(stack.StateDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(stateFiles, f => f.EndsWith("state.db", StringComparison.Ordinal));
        foreach (var file in stateFiles)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            _outputs.Add(($"{Path.GetFileName(file)} (raw bytes as Latin-1)", Encoding.Latin1.GetString(bytes)));
            _outputs.Add(($"{Path.GetFileName(file)} (raw bytes as UTF-8)", Encoding.UTF8.GetString(bytes)));
        }

        AssertNoCanaryAnywhere();

        // The failures are there, shown by their templates: the canary went through the paths it claims to.
        var history = string.Join('\n', _outputs.Where(o => o.What.StartsWith("history -o json", StringComparison.Ordinal)).Select(o => o.Text));
        Assert.Contains("reload endpoint http://${C_RHOST}.invalid:1/-/reload unreachable: host not found", history, StringComparison.Ordinal);
        Assert.Contains("verify.http http://${C_VHOST}.invalid:1/health?k=${C_VQUERY} unreachable: host not found", history, StringComparison.Ordinal);
        Assert.Contains("reloaded ${C_GWKEY} postgres://u:${C_GWPASS}@db/x", history, StringComparison.Ordinal);
    }

    private static string Core(string tag) => "zq" + tag + Guid.NewGuid().ToString("N")[..12];

    private static string Registry(string project) => $$$"""
        version: 1
        project: {{{project}}}
        compose: {files: [docker-compose.yml]}
        tick: 1h
        agent: {token_env: C_AGENT_TOKEN}
        services:
          rl:
            inputs: [configs/rl/]
            apply: reload_http
            stop_grace: 1s
            verify: {settle: 0s}
            reload: {url: "http://${C_RHOST}.invalid:1/-/reload", timeout: 2s, headers: {Authorization: "Bearer ${C_RTOKEN}"}}
          vf:
            inputs: [configs/vf/]
            apply: restart
            stop_grace: 1s
            verify:
              settle: 0s
              timeout: 1s
              http: {url: "http://${C_VHOST}.invalid:1/health?k=${C_VQUERY}", headers: {X-Key: "${C_VKEY}"}}
          gw:
            managed:
              image: {{{TestNames.Image}}}
              command: [sh, -c, "trap 'exit 0' TERM; sleep 3600 & wait $!"]
              env: {API_KEY: "${C_GWKEY}", DSN: "postgres://u:${C_GWPASS}@db/x"}
              volumes: ["./configs/gw:/etc/gw:ro"]
              stop_grace: 1s
            inputs: [configs/gw/]
            apply: exec
            exec: [sh, -c, "echo reloaded $API_KEY $DSN"]
            verify: {settle: 0s}
        """;

    private static void Edit(Stack stack)
    {
        var version = Guid.NewGuid().ToString("N");
        foreach (var service in new[] { "rl", "vf", "gw" })
        {
            stack.ReplaceAtomically($"configs/{service}/app.conf", version + "\n");
        }
    }

    private async Task<CmdResult> RunAsync(Stack stack, params string[] arguments)
    {
        var environment = _canaries.ToDictionary(c => c.Key, c => (string?)c.Value, StringComparer.Ordinal);
        var result = await stack.RunProcessAsync(arguments, environment);
        _outputs.Add(($"{string.Join(' ', arguments)} (stdout)", result.Stdout));
        _outputs.Add(($"{string.Join(' ', arguments)} (stderr)", result.Stderr));
        return result;
    }

    /// <summary>The agent with <c>--verbose</c>: a pass at start, a reconcile, every read endpoint, a SIGTERM.</summary>
    private async Task RunAgentAsync(Stack stack)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = stack.Dir.Path };
        foreach (var argument in new[] { DriftlessCli.DllPath, "agent", "-f", stack.RegistryPath, "--listen", $"127.0.0.1:{port}", "--verbose" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _canaries)
        {
            start.Environment[name] = value;
        }

        Edit(stack);
        using var agent = Process.Start(start)!;
        var stdout = agent.StandardOutput.ReadToEndAsync();
        var stderr = agent.StandardError.ReadToEndAsync();
        try
        {
            var status = await WaitForFirstPassAsync(port, agent);
            _outputs.Add(("GET /v1/status after the first pass", status));
            Assert.Contains("${C_RHOST}", status, StringComparison.Ordinal);

            using (var reconcile = new HttpRequestMessage(HttpMethod.Post, Url(port, "/v1/reconcile")))
            {
                reconcile.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _canaries["C_AGENT_TOKEN"]);
                Edit(stack);
                using var response = await Client.SendAsync(reconcile);
                var body = await response.Content.ReadAsStringAsync();
                _outputs.Add(("POST /v1/reconcile", body));
                Assert.True((int)response.StatusCode == 409, body);
            }

            foreach (var path in new[] { "/v1/status", "/v1/history?service=rl", "/v1/history?service=vf", "/v1/history?service=gw", "/metrics", "/healthz" })
            {
                _outputs.Add(($"GET {path}", await Client.GetStringAsync(Url(port, path))));
            }
        }
        finally
        {
            await Cmd.RunAsync(["kill", "-TERM", agent.Id.ToString(CultureInfo.InvariantCulture)]);
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await agent.WaitForExitAsync(cancel.Token);
            _outputs.Add(("agent -v (stdout)", await stdout));
            _outputs.Add(("agent -v (stderr)", await stderr));
        }
    }

    private static async Task<string> WaitForFirstPassAsync(int port, Process agent)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            Assert.False(agent.HasExited, "the agent exited");
            try
            {
                var status = await Client.GetStringAsync(Url(port, "/v1/status"));
                using var document = JsonDocument.Parse(status);
                if (document.RootElement.GetProperty("lastPassAt").ValueKind != JsonValueKind.Null)
                {
                    return status;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "no pass within 90s");
            await Task.Delay(200);
        }
    }

    private static Uri Url(int port, string path) => new($"http://127.0.0.1:{port}{path}");

    private void AssertNoCanaryAnywhere()
    {
        var leaks = new List<string>();
        foreach (var (name, value) in _canaries)
        {
            var core = value[..16];
            string[] forms = [core, Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), Convert.ToHexString(Encoding.UTF8.GetBytes(core))];
            foreach (var (what, text) in _outputs)
            {
                if (forms.FirstOrDefault(f => text.Contains(f, StringComparison.OrdinalIgnoreCase)) is { } form)
                {
                    var at = text.IndexOf(form, StringComparison.OrdinalIgnoreCase);
                    leaks.Add($"{name} in {what}: …{text[Math.Max(0, at - 120)..Math.Min(text.Length, at + 60)]}…");
                }
            }
        }

        Assert.True(_outputs.Count > 60, $"only {_outputs.Count} outputs were searched");
        Assert.True(leaks.Count == 0, string.Join("\n\n", leaks));
    }

    private static async Task RemoveManagedAsync(string project)
    {
        var listed = await Cmd.RunAsync(["docker", "ps", "-a", "-q", "--filter", $"label={ManagedSpecs.ManagedLabel}={ManagedSpecs.LabelValue(project, "gw")}"]);
        foreach (var id in listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await Cmd.RunAsync(["docker", "rm", "-f", "-v", id]);
        }
    }
}
