using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary><c>managed:</c> services and the per-service <c>wait:</c> (issue 4).</summary>
public sealed class ManagedRegistryTests : IDisposable
{
    private readonly RegistryFiles _files = new(RegistrySamples.ManagedEnvironment);

    private TempDirectory Dir => _files.Dir;

    public void Dispose() => _files.Dispose();

    /// <summary>One service <c>gw</c> (line 3) with <c>inputs: [a.conf]</c> (line 4); <paramref name="lines"/> start at line 5, indented under it.</summary>
    private static string Gw(params string[] lines) =>
        "version: 1\nservices:\n  gw:\n    inputs: [a.conf]\n" + string.Concat(lines.Select(line => $"    {line}\n"));

    private Task<DriftlessRegistry> LoadAsync(string yaml, Func<string, string?>? environment = null) => _files.LoadAsync(yaml, environment);

    private Task<RegistryException> LoadFailsAsync(string yaml, Func<string, string?>? environment = null) => _files.LoadFailsAsync(yaml, environment);

    [Fact]
    public async Task Load_ManagedSample_MapsEveryKeyToTheModel()
    {
        RegistrySamples.CreateManagedInputs(Dir);

        var registry = await LoadAsync(RegistrySamples.Managed);

        Assert.Empty(registry.ComposeFiles);
        var gateway = registry.Find("gateway")!;
        Assert.Null(gateway.Container);
        Assert.Null(gateway.StopGrace);
        Assert.Equal(ApplyMode.ReloadHttp, gateway.Apply);
        Assert.Equal(new WaitSpec(TimeSpan.Zero, TimeSpan.FromSeconds(1)), gateway.Wait);
        Assert.Equal(new WaitSpec(TimeSpan.Zero, TimeSpan.FromSeconds(1)), registry.WaitFor(gateway));
        var managed = gateway.Managed!;
        Assert.Equal("gateway:v2", managed.Image);
        Assert.Equal(["/bin/gateway", "--config", "/etc/gw"], managed.Command);
        Assert.Equal(
            new Dictionary<string, string> { ["LOG_LEVEL"] = "info", ["WORKERS"] = "4", ["DEBUG"] = "false", ["API_KEY"] = "key-gw-s3cret" },
            managed.Environment);
        Assert.Equal(
            [new PortBinding("127.0.0.1", 8080, 8080, "tcp"), new PortBinding(string.Empty, 9090, 90, "udp"), new PortBinding("::1", 8443, 443, "tcp")],
            managed.Ports);
        Assert.Equal(
            [new VolumeBinding(Dir.PathOf("configs/gw"), "/etc/gw", ReadOnly: true), new VolumeBinding("/var/lib/gw", "/data", ReadOnly: false)],
            managed.Volumes);
        Assert.Equal("SIGTERM", managed.StopSignal);
        Assert.Equal(TimeSpan.FromSeconds(30), managed.StopGrace);

        var worker = registry.Find("worker")!;
        Assert.Equal(ApplyMode.Restart, worker.Apply);
        Assert.Null(worker.Wait);
        Assert.Equal(new WaitSpec(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2)), registry.WaitFor(worker));
        Assert.Equal(("worker:v1", "SIGTERM", ManagedSpec.DefaultStopGrace), (worker.Managed!.Image, worker.Managed.StopSignal, worker.Managed.StopGrace));
        Assert.Empty(worker.Managed!.Command);
        Assert.Empty(worker.Managed.Environment);
        Assert.Empty(worker.Managed.Ports);
        Assert.Empty(worker.Managed.Volumes);
    }

    [Fact]
    public async Task Load_OnlyManagedImage_DefaultsEverythingElse()
    {
        var registry = await LoadAsync(Gw("managed: {image: gw:v1}"));

        var gw = registry.Find("gw")!;
        var managed = gw.Managed!;
        Assert.Equal("gw:v1", managed.Image);
        Assert.Empty(managed.Command);
        Assert.Empty(managed.Environment);
        Assert.Empty(managed.Ports);
        Assert.Empty(managed.Volumes);
        Assert.Equal(ManagedSpec.DefaultStopSignal, managed.StopSignal);
        Assert.Equal(ManagedSpec.DefaultStopGrace, managed.StopGrace);
        Assert.Null(gw.Wait);
        Assert.Equal(ApplyMode.Restart, gw.Apply);
        Assert.Equal(AgentSettings.Default, registry.Agent);
        Assert.Equal(WaitSpec.Default, registry.WaitFor(gw));
    }

    [Theory]
    [InlineData("")]
    [InlineData("    inputs: []\n")]
    public async Task Load_ManagedService_NeedsNoInputs(string inputs)
    {
        var registry = await LoadAsync("version: 1\nservices:\n  gw:\n    managed: {image: gw:v1}\n" + inputs);

        Assert.Empty(Assert.Single(registry.Services).Inputs);
    }

    [Theory]
    [InlineData("    inputs: []\n", 5, "must list at least one file or directory")]
    [InlineData("", 3, "missing required key 'inputs'")]
    public async Task Load_ComposeService_StillNeedsInputs(string inputs, int line, string problem)
    {
        var e = await LoadFailsAsync("version: 1\nservices:\n  web:\n    apply: restart\n" + inputs);

        Assert.Equal((line, "services.web.inputs"), (e.Line, e.KeyPath));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ServiceWithoutManaged_HasNoManagedSpec()
    {
        var registry = await LoadAsync(Gw());

        Assert.Null(registry.Find("gw")!.Managed);
    }

    [Fact]
    public async Task Load_OnlyManagedServices_NeedsNoComposeFile()
    {
        RegistrySamples.CreateManagedInputs(Dir);

        var registry = await LoadAsync(RegistrySamples.Managed);

        Assert.False(File.Exists(Dir.PathOf("docker-compose.yml")));
        Assert.Empty(registry.ComposeFiles);
        Assert.All(registry.Services, s => Assert.NotNull(s.Managed));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("restart")]
    [InlineData("recreate")]
    public async Task Load_ManagedService_AcceptsAnyMode(string mode)
    {
        var registry = await LoadAsync(Gw($"apply: {mode}", "managed: {image: gw:v1}"));

        Assert.Equal(mode, registry.Find("gw")!.Apply.Name());
    }

    [Theory]
    [InlineData("term")]
    [InlineData("SIGTERM")]
    [InlineData("sigterm")]
    [InlineData("TERM")]
    public async Task Load_StopSignal_IsNormalised(string written)
    {
        var registry = await LoadAsync(Gw("managed:", "  image: gw:v1", $"  stop_signal: {written}"));

        Assert.Equal("SIGTERM", registry.Find("gw")!.Managed!.StopSignal);
    }

    [Fact]
    public async Task Load_StopSignalNumber_IsRejectedLikeSignal()
    {
        var e = await LoadFailsAsync(Gw("managed:", "  image: gw:v1", "  stop_signal: 15"));

        Assert.Equal((7, 20), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.stop_signal", e.KeyPath);
        Assert.Contains("signal numbers are not accepted", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ManagedAndContainer_IsRejected()
    {
        var e = await LoadFailsAsync(Gw("container: edge-gw", "managed: {image: gw:v1}"));

        Assert.Equal((5, 5), (e.Line, e.Column));
        Assert.Equal("services.gw.container", e.KeyPath);
        Assert.Contains("managed: and container: cannot be combined", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ServiceStopGraceOnManaged_PointsUnderManaged()
    {
        var e = await LoadFailsAsync(Gw("stop_grace: 5s", "managed: {image: gw:v1}"));

        Assert.Equal((5, 5), (e.Line, e.Column));
        Assert.Equal("services.gw.stop_grace", e.KeyPath);
        Assert.Contains("goes under managed:", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ManagedWithoutImage_IsRejected()
    {
        var e = await LoadFailsAsync(Gw("managed:", "  command: [a]"));

        Assert.Equal((5, 5), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.image", e.KeyPath);
        Assert.StartsWith("missing required key 'image'", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image: \"\"")]
    [InlineData("image: \"gw v2\"")]
    public async Task Load_BadImage_IsRejected(string line)
    {
        var e = await LoadFailsAsync(Gw("managed:", $"  {line}"));

        Assert.Equal((6, 14), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.image", e.KeyPath);
    }

    [Fact]
    public async Task Load_ShellStringCommand_AsksForArgv()
    {
        var e = await LoadFailsAsync(Gw("managed:", "  image: gw:v1", "  command: /bin/gateway --config /etc/gw"));

        Assert.Equal((7, 16), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.command", e.KeyPath);
        Assert.StartsWith("use a list (argv), not a shell string", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_CommandArguments_MayBeEmptyStringsButTheProgramMayNot()
    {
        var registry = await LoadAsync(Gw("managed:", "  image: gw:v1", "  command: [/bin/gw, \"\"]"));
        Assert.Equal(["/bin/gw", string.Empty], registry.Find("gw")!.Managed!.Command);

        var e = await LoadFailsAsync(Gw("managed:", "  image: gw:v1", "  command: [\"\", x]"));
        Assert.Equal((7, 17), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.command[0]", e.KeyPath);
    }

    [Theory]
    [InlineData("\"8080\"", "invalid port mapping '8080'")]
    [InlineData("\"0:80\"", "invalid port '0'")]
    [InlineData("\"8080:70000\"", "invalid port '70000'")]
    [InlineData("\"http:80\"", "invalid port 'http'")]
    [InlineData("\"8080:80/sctp\"", "unknown protocol 'sctp'")]
    [InlineData("\"1.2.3:80:80\"", "'1.2.3' in '1.2.3:80:80' is not an IP address")]
    [InlineData("\"localhost:80:80\"", "'localhost' in 'localhost:80:80' is not an IP address")]
    [InlineData("\"::1:80:80\"", "invalid port mapping '::1:80:80'")]
    [InlineData("\"[zz]:80:80\"", "'zz' in '[zz]:80:80' is not an IPv6 address")]
    [InlineData("\"1:2:3:4\"", "invalid port mapping '1:2:3:4'")]
    public async Task Load_BadPort_NamesTheItem(string item, string problem)
    {
        var e = await LoadFailsAsync(Gw("managed:", "  image: gw:v1", $"  ports: [\"127.0.0.1:1:1\", {item}]"));

        Assert.Equal((7, 32), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.ports[1]", e.KeyPath);
        Assert.StartsWith(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_DuplicateHostPort_IsRejected()
    {
        var e = await LoadFailsAsync(Gw("managed:", "  image: gw:v1", "  ports: [\"8080:80\", \"8080:81\"]"));

        Assert.Equal("services.gw.managed.ports[1]", e.KeyPath);
        Assert.Contains("host port 8080/tcp is already published", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RelativeContainerPath_IsRejected()
    {
        var e = await LoadFailsAsync(Gw("managed:", "  image: gw:v1", "  volumes:", "    - ./configs:/etc/gw:ro", "    - ./data:data"));

        Assert.Equal((9, 11), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.volumes[1]", e.KeyPath);
        Assert.Equal("the container path 'data' must be absolute (start with '/')", e.Problem);
    }

    [Theory]
    [InlineData("./a", "invalid volume './a'")]
    [InlineData(":/etc/gw", "invalid volume ':/etc/gw'")]
    [InlineData("./a:/b:rx", "unknown mount option 'rx'")]
    [InlineData("./a:/b:ro:z", "invalid volume './a:/b:ro:z'")]
    public async Task Load_BadVolume_IsRejected(string volume, string problem)
    {
        var e = await LoadFailsAsync(Gw("managed:", "  image: gw:v1", $"  volumes: [\"{volume}\"]"));

        Assert.Equal((7, 17), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.volumes[0]", e.KeyPath);
        Assert.StartsWith(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RelativeHostPath_ResolvesAgainstTheRegistryDirectory()
    {
        var registry = await LoadAsync(Gw("managed:", "  image: gw:v1", "  volumes: [\"data/gw:/var/lib/gw:rw\", \"../up:/up\"]"));

        Assert.Equal(
            [new VolumeBinding(Path.Combine(Dir.Root, "data", "gw"), "/var/lib/gw", false), new VolumeBinding(Path.GetFullPath(Path.Combine(Dir.Root, "..", "up")), "/up", false)],
            registry.Find("gw")!.Managed!.Volumes);
    }

    [Fact]
    public async Task Load_MissingEnvironmentVariable_NamesKeyAndVariableButNoValue()
    {
        var e = await LoadFailsAsync(Gw("managed:", "  image: gw:v1", "  env:", "    TOKEN: \"${GW_KEY}\"", "    DSN: \"postgres://u:${DB_PASSWORD}@db\""));

        Assert.Equal((9, 14), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.env.DSN", e.KeyPath);
        Assert.Contains("DB_PASSWORD is not set", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("gw-s3cret", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("postgres://", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_MalformedEnvironmentTemplate_DoesNotQuoteTheValue()
    {
        var e = await LoadFailsAsync(Gw("managed:", "  image: gw:v1", "  env: {SECRET: \"hunter2${OPEN\"}"));

        Assert.Equal("services.gw.managed.env.SECRET", e.KeyPath);
        Assert.StartsWith("malformed ${NAME} reference", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_EnvironmentValues_TakeScalarsAsWrittenAndQuotedEmpty()
    {
        var registry = await LoadAsync(Gw("managed:", "  image: gw:v1", "  env: {N: 1.50, B: yes, E: \"\", D: cost $5}"));

        Assert.Equal(
            new Dictionary<string, string> { ["N"] = "1.50", ["B"] = "yes", ["E"] = string.Empty, ["D"] = "cost $5" },
            registry.Find("gw")!.Managed!.Environment);
    }

    [Theory]
    [InlineData("env: {EMPTY: }", "services.gw.managed.env.EMPTY", "must be a string, number or boolean")]
    [InlineData("env: {LIST: [a]}", "services.gw.managed.env.LIST", "must be a string, number or boolean")]
    [InlineData("env: {\"A=B\": x}", "services.gw.managed.env.A=B", "invalid environment variable name 'A=B'")]
    [InlineData("env: [A=B]", "services.gw.managed.env", "must be a mapping")]
    public async Task Load_BadEnvironment_IsRejected(string line, string keyPath, string problem)
    {
        var e = await LoadFailsAsync(Gw("managed:", "  image: gw:v1", $"  {line}"));

        Assert.Equal(7, e.Line);
        Assert.Equal(keyPath, e.KeyPath);
        Assert.StartsWith(problem, e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("manged: {image: x}", 5, 5, "services.gw.manged", "did you mean 'managed'?")]
    [InlineData("managed: {image: x, imgae: y}", 5, 25, "services.gw.managed.imgae", "did you mean 'image'?")]
    [InlineData("managed: {image: x, stop_grce: 1s}", 5, 25, "services.gw.managed.stop_grce", "did you mean 'stop_grace'?")]
    [InlineData("wiat: {min: 1s}", 5, 5, "services.gw.wiat", "did you mean 'wait'?")]
    [InlineData("wait: {mni: 1s}", 5, 12, "services.gw.wait.mni", "did you mean 'min'?")]
    public async Task Load_UnknownKey_SuggestsTheClosest(string line, int lineNumber, int column, string keyPath, string hint)
    {
        var e = await LoadFailsAsync(Gw(line));

        Assert.Equal((lineNumber, column), (e.Line, e.Column));
        Assert.Equal(keyPath, e.KeyPath);
        Assert.EndsWith(hint, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ServiceWaitMaxBelowMin_IsRejected()
    {
        var e = await LoadFailsAsync(Gw("wait: {min: 2s, max: 1s}"));

        Assert.Equal((5, 26), (e.Line, e.Column));
        Assert.Equal("services.gw.wait.max", e.KeyPath);
        Assert.Equal("must not be shorter than min (2s)", e.Problem);
    }
}
