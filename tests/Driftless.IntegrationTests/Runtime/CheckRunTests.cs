using System.Net;
using System.Net.Sockets;
using Driftless.Core.Errors;
using Driftless.Core.Runtime;
using Driftless.Docker;
using Driftless.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.IntegrationTests.Runtime;

/// <summary>Throwaway check containers against the real engine (Docker required).</summary>
public sealed class CheckRunTests : IAsyncLifetime
{
    private const string ValidCaddyfile = ":8080 {\n\trespond \"v2\"\n}\n";
    private const string InvalidCaddyfile = ":8080 {\n\tbogus_directive\n}\n";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _project = TestNames.Unique("chk");
    private readonly IContainerRuntime _runtime = Runtimes.Create();
    private readonly TempDir _dir = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await CheckRuns.CleanUpAsync(_project);
        _dir.Dispose();
        (_runtime as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task RunCheck_Passes_WhenCaddyValidatesTheMountedCaddyfile()
    {
        _dir.Write("caddy/Caddyfile", ValidCaddyfile);

        var result = await _runtime.RunCheckAsync(CaddyValidate(), None);

        Assert.True(result.Passed, result.OutputTail);
        Assert.Equal(0, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Contains("Valid configuration", result.OutputTail, StringComparison.Ordinal);
        Assert.True(result.Duration > TimeSpan.Zero);
        Assert.Empty(await CheckRuns.ContainersAsync(_project));
    }

    [Fact]
    public async Task RunCheck_FailsWithCaddysOwnErrorLine_WhenTheCaddyfileIsInvalid()
    {
        _dir.Write("caddy/Caddyfile", InvalidCaddyfile);

        var result = await _runtime.RunCheckAsync(CaddyValidate(), None);

        Assert.False(result.Passed);
        Assert.Equal(1, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Contains("/etc/caddy/Caddyfile:2: unrecognized directive: bogus_directive", result.OutputTail, StringComparison.Ordinal);
        Assert.Empty(await CheckRuns.ContainersAsync(_project));
    }

    [Fact]
    public async Task RunCheck_RunsNginxT_AgainstTheMountedSite()
    {
        _dir.Write("conf.d/site.conf", "server { listen 8080; location / { return 200 \"v1\\n\"; } }\n");
        var run = CheckRuns.Of(_project, TestNames.NginxImage, ["nginx", "-t"], [new CheckMount(_dir.File("conf.d"), "/etc/nginx/conf.d")]);

        var passed = await _runtime.RunCheckAsync(run, None);
        _dir.Write("conf.d/site.conf", "server { listen 8080; bogus_directive on; }\n");
        var failed = await _runtime.RunCheckAsync(run, None);

        Assert.True(passed.Passed, passed.OutputTail);
        Assert.Contains("test is successful", passed.OutputTail, StringComparison.Ordinal);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("unknown directive \"bogus_directive\" in /etc/nginx/conf.d/site.conf:1", failed.OutputTail, StringComparison.Ordinal);
        Assert.Empty(await CheckRuns.ContainersAsync(_project));
    }

    [Fact]
    public async Task RunCheck_HasNoNetwork_WhereAPlainContainerConnects()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var accepting = new CancellationTokenSource();
        var accept = AcceptAndCloseAsync(listener, accepting.Token);
        var gateway = (await Cmd.RunCheckedAsync(["docker", "network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Gateway}}"])).Trim();
        string[] connect = ["nc", "-w", "3", gateway, port];

        var plain = await Cmd.RunAsync(["docker", "run", "--rm", TestNames.Image, .. connect]);
        var check = await _runtime.RunCheckAsync(CheckRuns.Of(_project, TestNames.Image, connect), None);
        await accepting.CancelAsync();
        await accept;

        Assert.True(plain.ExitCode == 0, $"control: a plain container should reach {gateway}:{port}: {plain.Stderr}");
        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains("Network is unreachable", check.OutputTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCheck_HasAReadOnlyRootAndReadOnlyMounts()
    {
        _dir.Write("caddy/Caddyfile", ValidCaddyfile);
        var mounts = new[] { new CheckMount(_dir.File("caddy"), "/etc/caddy") };

        var root = await _runtime.RunCheckAsync(CheckRuns.Of(_project, TestNames.Image, ["touch", "/probe"], mounts), None);
        var mount = await _runtime.RunCheckAsync(CheckRuns.Of(_project, TestNames.Image, ["touch", "/etc/caddy/probe"], mounts), None);
        var scratch = await _runtime.RunCheckAsync(CheckRuns.Of(_project, TestNames.Image, ["touch", "/tmp/probe"], mounts), None);

        Assert.NotEqual(0, root.ExitCode);
        Assert.Contains("Read-only file system", root.OutputTail, StringComparison.Ordinal);
        Assert.NotEqual(0, mount.ExitCode);
        Assert.Contains("Read-only file system", mount.OutputTail, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("caddy/probe")));
        Assert.True(scratch.Passed, "/tmp is a small scratch tmpfs: " + scratch.OutputTail);
    }

    [Fact]
    public async Task RunCheck_IsSandboxed_WhileItRuns()
    {
        var run = CheckRuns.Of(_project, TestNames.Image, ["sleep", "3"]);

        var running = _runtime.RunCheckAsync(run, None);
        var id = await WaitForContainerAsync();
        var inspected = await CheckRuns.InspectAsync(id);
        var result = await running;

        var host = inspected.GetProperty("HostConfig");
        Assert.Equal("none", host.GetProperty("NetworkMode").GetString());
        Assert.True(host.GetProperty("ReadonlyRootfs").GetBoolean());
        Assert.Equal(256L << 20, host.GetProperty("Memory").GetInt64());
        Assert.True(host.GetProperty("PidsLimit").GetInt64() > 0);
        Assert.Equal(["ALL"], host.GetProperty("CapDrop").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Contains("no-new-privileges", host.GetProperty("SecurityOpt").EnumerateArray().Select(e => e.GetString()));
        Assert.False(host.GetProperty("Privileged").GetBoolean());
        var labels = inspected.GetProperty("Config").GetProperty("Labels");
        Assert.Equal($"{_project}/{run.Owner}", labels.GetProperty("io.driftless.check").GetString());
        Assert.Equal(_project, labels.GetProperty(CheckRuns.ProjectLabel).GetString());

        // The format LeftoverCheckTests writes by hand: <host>:<pid>:<process start, unix ms>, deadline in unix seconds.
        Assert.StartsWith($"{Environment.MachineName}:{Environment.ProcessId}:", labels.GetProperty("io.driftless.check.process").GetString(), StringComparison.Ordinal);
        var deadline = long.Parse(labels.GetProperty("io.driftless.check.deadline").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(deadline, DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        Assert.True(result.Passed);
        Assert.Empty(await CheckRuns.ContainersAsync(_project));
    }

    [Fact]
    public async Task RunCheck_PassesEnvWorkingDirectoryAndUser()
    {
        var run = CheckRuns.Of(_project, TestNames.Image, ["sh", "-c", "echo \"greeting=$GREETING\"; pwd; id -u"]) with
        {
            Environment = new Dictionary<string, string> { ["GREETING"] = "hello" },
            WorkingDirectory = "/etc",
            User = "65534",
        };

        var result = await _runtime.RunCheckAsync(run, None);

        Assert.True(result.Passed, result.OutputTail);
        Assert.Equal("greeting=hello\n/etc\n65534", result.OutputTail);
    }

    [Fact]
    public async Task RunCheck_KillsAndRemoves_WhenTheTimeoutExpires()
    {
        var result = await _runtime.RunCheckAsync(
            CheckRuns.Of(_project, TestNames.Image, ["sh", "-c", "echo started; sleep 60"], timeout: TimeSpan.FromSeconds(1)), None);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.False(result.Passed);
        Assert.Contains("started", result.OutputTail, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(30), $"took {result.Duration}");
        Assert.Empty(await CheckRuns.ContainersAsync(_project));
    }

    [Fact]
    public async Task RunCheck_RemovesTheContainer_WhenTheCallerCancels()
    {
        using var cancel = new CancellationTokenSource();
        var running = _runtime.RunCheckAsync(CheckRuns.Of(_project, TestNames.Image, ["sleep", "60"]), cancel.Token);
        await WaitForContainerAsync();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Empty(await CheckRuns.ContainersAsync(_project));
    }

    [Fact]
    public async Task RunCheck_IsNotCutByTheEngineTimeout()
    {
        using var runtime = (IDisposable)DockerRuntimeFactory.Create(NullLoggerFactory.Instance, new DockerRuntimeOptions { Timeout = TimeSpan.FromSeconds(1) });

        var result = await ((IContainerRuntime)runtime).RunCheckAsync(
            CheckRuns.Of(_project, TestNames.Image, ["sh", "-c", "sleep 3; echo done"], timeout: TimeSpan.FromSeconds(30)), None);

        Assert.True(result.Passed, result.OutputTail);
        Assert.Equal("done", result.OutputTail);
    }

    [Fact]
    public async Task RunCheck_FailsWithTheEngineMessage_WhenTheProgramIsNotInTheImage()
    {
        var error = await Assert.ThrowsAsync<DriftlessException>(
            () => _runtime.RunCheckAsync(CheckRuns.Of(_project, TestNames.Image, ["caddy", "validate"]), None));

        Assert.Equal(ErrorKind.ApplyFailed, error.Kind);
        Assert.Contains("could not start", error.Message, StringComparison.Ordinal);
        Assert.Contains("caddy", error.Message, StringComparison.Ordinal);
        Assert.Empty(await CheckRuns.ContainersAsync(_project));
    }

    private CheckRun CaddyValidate() =>
        CheckRuns.Of(_project, TestNames.CaddyImage, ["caddy", "validate", "--config", "/etc/caddy/Caddyfile"], [new CheckMount(_dir.File("caddy"), "/etc/caddy")]);

    private async Task<string> WaitForContainerAsync()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await CheckRuns.ContainersAsync(_project) is [var id, ..])
            {
                return id;
            }

            await Task.Delay(50, bound.Token);
        }
    }

    private static async Task AcceptAndCloseAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
