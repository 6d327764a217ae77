using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>
/// Input directories holding what a configuration tree should not (a 2 GiB file, FIFOs and sockets, symlink
/// diamonds) and inputs that are no configuration at all, against the real engine: every case ends in a
/// converged service or a quick exit 65, never exit 70, a hang or a service that can never converge.
/// </summary>
public sealed class HostileInputFileTests
{
    private static readonly Dictionary<string, string?> Exec = new() { ["DRIFTLESS_OBSERVE"] = "exec" };

    [Fact]
    public async Task TwoGibFileInMountedDirectory_AppliesAndHashesAlikeOnHostAndInContainer_ByProcRootAndByExec()
    {
        await using var stack = new Stack();
        stack.Write("configs/web/index.html", "<h1>v1</h1>\n");
        await Cmd.RunCheckedAsync(["truncate", "-s", "2G", stack.Dir.File("configs/web/big.bin")]);
        stack.Service("web").Mode("restart").DirectoryMount("configs/web", "/etc/web");
        await stack.UpAsync();

        var apply = await stack.RunProcessAsync(["apply"]);
        Assert.True(apply.ExitCode == 0, apply.Describe());

        var proc = await stack.RunProcessAsync(["status", "--output", "json"]);
        var exec = await stack.RunProcessAsync(["status", "--output", "json"], Exec);
        foreach (var (run, method) in new[] { (proc, "procroot"), (exec, "exec") })
        {
            Assert.True(run.ExitCode == 0, run.Describe());
            var web = Service(run.Json(), "web");
            Assert.Equal("in sync", web.GetProperty("verdict").GetString());
            Assert.Equal(method, web.GetProperty("seen").GetProperty("method").GetString());
            Assert.Equal(web.GetProperty("desiredHash").GetString(), web.GetProperty("seen").GetProperty("hash").GetString());
        }

        Assert.Equal(await stack.HashAsync("configs/web/"), Service(proc.Json(), "web").GetProperty("desiredHash").GetString());
    }

    [Fact]
    public async Task FifoAndSocketInMountedDirectory_AreSkippedOnBothSides_SoTheServiceConverges()
    {
        await using var stack = new Stack();
        stack.Write("configs/web/index.html", "<h1>v1</h1>\n");
        await Cmd.RunCheckedAsync(["mkfifo", stack.Dir.File("configs/web/pipe")]);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(stack.Dir.File("configs/web/control.sock")));
        stack.Service("web").Mode("restart").DirectoryMount("configs/web", "/etc/web");
        await stack.UpAsync();
        Assert.Equal(0, (await stack.RunAsync("apply")).ExitCode);

        // An edit converges (before, every apply failed: the FIFO was "absent in container").
        stack.ReplaceAtomically("configs/web/index.html", "<h1>v2</h1>\n");
        var apply = await stack.RunProcessAsync(["apply"], Exec);
        Assert.True(apply.ExitCode == 0, apply.Describe());

        var plan = await stack.RunProcessAsync(["plan", "-v"]);
        Assert.True(plan.ExitCode == 0, plan.Describe());
        Assert.Contains("note: web: configs/web/control.sock is not hashed (socket: not a regular file)", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("note: web: configs/web/pipe is not hashed (FIFO: not a regular file)", plan.Stdout, StringComparison.Ordinal);
        foreach (var environment in new[] { null, Exec })
        {
            var status = await stack.RunProcessAsync(["status", "--output", "json"], environment);
            Assert.True(status.ExitCode == 0, status.Describe());
            var web = Service(status.Json(), "web");
            Assert.Equal(web.GetProperty("desiredHash").GetString(), web.GetProperty("seen").GetProperty("hash").GetString());
        }

        Assert.Equal(IndependentHash.Of([("configs/web/index.html", "<h1>v2</h1>\n"u8.ToArray())]), await stack.HashAsync("configs/web/"));
    }

    [Fact]
    public async Task SmallSymlinkDiamondInMountedDirectory_EveryPathIsSeenAlikeOnBothSides()
    {
        await using var stack = new Stack();
        Diamond(stack, levels: 3, under: "configs/web");
        stack.Service("web").Mode("restart").DirectoryMount("configs/web", "/etc/web");
        await stack.UpAsync();

        var apply = await stack.RunProcessAsync(["apply"]);
        Assert.True(apply.ExitCode == 0, apply.Describe());
        foreach (var environment in new[] { null, Exec })
        {
            var status = await stack.RunProcessAsync(["status", "--output", "json"], environment);
            Assert.True(status.ExitCode == 0, status.Describe());
            var web = Service(status.Json(), "web");
            Assert.Equal(web.GetProperty("desiredHash").GetString(), web.GetProperty("seen").GetProperty("hash").GetString());
        }
    }

    [Fact]
    public async Task DeepSymlinkDiamond_PlanAndHashExit65Quickly_NamingTheInput()
    {
        await using var stack = new Stack();
        Diamond(stack, levels: 24, under: "configs/web");
        stack.Service("web").Mode("restart").DirectoryMount("configs/web", "/etc/web");
        stack.WriteFiles();

        var watch = Stopwatch.StartNew();
        var plan = await stack.RunAsync("plan");
        var hash = await DriftlessCli.RunProcessAsync(["hash", "configs/web/"], stack.Dir.Path);

        // A hang bound, not a performance threshold: 24 levels are 16 million paths.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"took {watch.Elapsed}");
        Assert.True(plan.ExitCode == 65, plan.Describe());
        Assert.Contains("input 'configs/web/': symlinks reach the same directories again and again", plan.Stderr, StringComparison.Ordinal);
        Assert.True(hash.ExitCode == 65, hash.Describe());
        Assert.Contains("symlinks reach the same directories again and again", hash.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/urandom", "is a character device")]
    [InlineData("/proc/self/environ", "lies on the proc pseudo file system")]
    [InlineData("configs/pipe", "is a FIFO")]
    [InlineData("configs/control.sock", "is a socket")]
    public async Task SpecialFileNamedAsInput_IsExit65NamingFileLineAndKey(string input, string problem)
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "v1\n");
        await Cmd.RunCheckedAsync(["mkfifo", stack.Dir.File("configs/pipe")]);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(stack.Dir.File("configs/control.sock")));
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        stack.WriteFiles();
        File.WriteAllText(stack.RegistryPath, File.ReadAllText(stack.RegistryPath)
            .Replace("inputs: [\"configs/app.conf\"]", $"inputs: [\"configs/app.conf\", \"{input}\"]", StringComparison.Ordinal));

        var plan = await stack.RunAsync("plan");

        Assert.True(plan.ExitCode == 65, plan.Describe());
        Assert.StartsWith($"driftless: {stack.RegistryPath}:6:", plan.Stderr, StringComparison.Ordinal);
        Assert.Contains($"services.app.inputs[1]: input '{input}' {problem}", plan.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputOutsideTheRegistryTree_IsWarnedByPlanStatusAndDoctor()
    {
        await using var stack = new Stack();
        using var shared = new TempDir("dlt-shared");
        shared.Write("common.conf", "shared\n");
        var relative = Path.GetRelativePath(stack.Dir.Path, shared.File("common.conf"));
        stack.Service("app").Mode("restart").FileMount(relative, "/etc/app/common.conf");
        await stack.UpAsync();
        Assert.Equal(0, (await stack.RunAsync("apply")).ExitCode);

        var plan = await stack.RunAsync("plan");
        var status = await stack.RunAsync("status", "--output", "json");
        var doctor = await stack.RunAsync("doctor", "--output", "json");

        var warning = $"driftless: warning: app: input '{relative}' lies outside the registry's directory ({shared.File("common.conf")})";
        Assert.True(plan.ExitCode == 0, plan.Describe());
        Assert.Contains(warning, plan.Stderr, StringComparison.Ordinal);
        Assert.True(status.ExitCode == 0, status.Describe());
        Assert.Contains(warning, status.Stderr, StringComparison.Ordinal);
        Assert.Equal("in sync", Service(status.Json(), "app").GetProperty("verdict").GetString());
        Assert.True(doctor.ExitCode == 2, doctor.Describe());
        var finding = Assert.Single(doctor.Json().GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "input_outside_registry");
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
    }

    /// <summary><paramref name="under"/> links a and b to L1, which links a and b to L2, ...; the last level holds x.conf.</summary>
    private static void Diamond(Stack stack, int levels, string under)
    {
        stack.Write($"levels/L{levels}/x.conf", "x\n");
        for (var level = 1; level < levels; level++)
        {
            Directory.CreateDirectory(stack.Dir.File($"levels/L{level}"));
            Directory.CreateSymbolicLink(stack.Dir.File($"levels/L{level}/a"), $"../L{level + 1}");
            Directory.CreateSymbolicLink(stack.Dir.File($"levels/L{level}/b"), $"../L{level + 1}");
        }

        // Inside the mounted directory, so the links resolve the same in the container.
        Directory.CreateDirectory(stack.Dir.File(under));
        Directory.Move(stack.Dir.File("levels"), stack.Dir.File($"{under}/levels"));
        Directory.CreateSymbolicLink(stack.Dir.File($"{under}/a"), "levels/L1");
        Directory.CreateSymbolicLink(stack.Dir.File($"{under}/b"), "levels/L1");
    }

    private static JsonElement Service(JsonElement plan, string name) =>
        plan.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == name);
}
