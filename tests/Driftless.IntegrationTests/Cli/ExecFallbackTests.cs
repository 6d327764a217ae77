using System.Text;
using System.Text.Json;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

public sealed class ExecFallbackTests
{
    /// <summary>DRIFTLESS_OBSERVE=exec reads inside the container and must reach the same verdicts as /proc/&lt;pid&gt;/root.</summary>
    [Fact]
    public async Task ExecFallback_VerifiesLikeProcRoot()
    {
        await using var stack = new Stack();
        stack.Write("configs/app.conf", "v1\n");
        stack.Write("configs/web/index.html", "<h1>v1</h1>\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        stack.Service("web").Mode("restart").DirectoryMount("configs/web", "/etc/web");
        await stack.UpAsync();
        Assert.Equal(0, (await stack.RunAsync("apply")).ExitCode);

        // In sync.
        var (proc, exec) = await StatusBothWaysAsync(stack, expectedExit: 0);
        AssertSameVerdicts(proc, exec, "in sync", "in sync");

        // Drift: an out-of-band restart while the file was edited, then the edit reverted (new inode again):
        // desired == applied (v1), the app process is pinned to the v2 inode. The web directory changes too.
        stack.ReplaceAtomically("configs/app.conf", "v2\n");
        await Cmd.RunCheckedAsync(["docker", "restart", "-t", "1", await stack.ContainerIdAsync("app")]);
        stack.ReplaceAtomically("configs/app.conf", "v1\n");
        stack.ReplaceAtomically("configs/web/index.html", "<h1>v2</h1>\n");
        Assert.Equal("v2\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));

        (proc, exec) = await StatusBothWaysAsync(stack, expectedExit: 2);
        AssertSameVerdicts(proc, exec, "drift: stale mount", "pending");
        var app = Service(exec, "app");
        Assert.Equal(["configs/app.conf"], app.GetProperty("seen").GetProperty("pinnedFiles").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(IndependentHash.Of([("configs/app.conf", Encoding.UTF8.GetBytes("v2\n"))]), app.GetProperty("seen").GetProperty("hash").GetString());
        Assert.Equal(app.GetProperty("appliedHash").GetString(), app.GetProperty("desiredHash").GetString());

        // Converging under exec observation verifies too.
        var apply = await stack.RunProcessAsync(["apply"], new Dictionary<string, string?> { ["DRIFTLESS_OBSERVE"] = "exec" });
        Assert.True(apply.ExitCode == 0, apply.Describe());
        (proc, exec) = await StatusBothWaysAsync(stack, expectedExit: 0);
        AssertSameVerdicts(proc, exec, "in sync", "in sync");
        Assert.Equal("v1\n", await stack.ProcessSeesTextAsync("app", "/etc/app/app.conf"));
    }

    private static async Task<(JsonElement Proc, JsonElement Exec)> StatusBothWaysAsync(Stack stack, int expectedExit)
    {
        // In-process: the default (auto) observation, /proc/<pid>/root on this local engine.
        var proc = await stack.RunAsync("status", "--output", "json");
        var exec = await stack.RunProcessAsync(["status", "--output", "json"], new Dictionary<string, string?> { ["DRIFTLESS_OBSERVE"] = "exec" });
        Assert.True(proc.ExitCode == expectedExit, proc.Describe());
        Assert.True(exec.ExitCode == expectedExit, exec.Describe());
        return (proc.Json(), exec.Json());
    }

    private static void AssertSameVerdicts(JsonElement proc, JsonElement exec, string appVerdict, string webVerdict)
    {
        foreach (var (name, verdict) in new[] { ("app", appVerdict), ("web", webVerdict) })
        {
            var p = Service(proc, name);
            var e = Service(exec, name);
            Assert.Equal(verdict, p.GetProperty("verdict").GetString());
            Assert.Equal(verdict, e.GetProperty("verdict").GetString());
            Assert.Equal("procroot", p.GetProperty("seen").GetProperty("method").GetString());
            Assert.Equal("exec", e.GetProperty("seen").GetProperty("method").GetString());
            foreach (var property in new[] { "action", "desiredHash", "appliedHash" })
            {
                Assert.Equal(p.GetProperty(property).GetString(), e.GetProperty(property).GetString());
            }

            Assert.Equal(p.GetProperty("seen").GetProperty("hash").GetString(), e.GetProperty("seen").GetProperty("hash").GetString());
            Assert.Equal(
                p.GetProperty("seen").GetProperty("pinnedFiles").EnumerateArray().Select(x => x.GetString()),
                e.GetProperty("seen").GetProperty("pinnedFiles").EnumerateArray().Select(x => x.GetString()));
        }
    }

    private static JsonElement Service(JsonElement plan, string name) =>
        plan.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == name);
}
