using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary><c>managed:</c> services and the per-service <c>wait:</c> (issue 4).</summary>
public sealed class ManagedRegistryTests : IDisposable
{
    private readonly RegistryFiles _files = new(RegistrySamples.ManagedEnvironment);

    private TempDirectory Dir => _files.Dir;

    public void Dispose() => _files.Dispose();

    private Task<DriftlessRegistry> LoadAsync(string yaml, Func<string, string?>? environment = null) => _files.LoadAsync(yaml, environment);

    private Task<RegistryException> LoadFailsAsync(RegistryCase @case) => _files.LoadFailsAsync(@case.Yaml, @case.Environment);

    [Fact]
    public async Task Load_ManagedSample_MapsEveryKeyToTheModel()
    {
        RegistrySamples.CreateManagedInputs(Dir);

        var registry = await LoadAsync(RegistryCases.ManagedSample.Yaml);

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
        var registry = await LoadAsync(RegistryCases.OnlyManagedImage.Yaml);

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
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.ManagedWithoutInputs), MemberType = typeof(RegistryCases))]
    public async Task Load_ManagedService_NeedsNoInputs(string name)
    {
        var registry = await LoadAsync(RegistryCases.Get(name).Yaml);

        Assert.Empty(Assert.Single(registry.Services).Inputs);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.ComposeServiceWithoutInputs), MemberType = typeof(RegistryCases))]
    public async Task Load_ComposeService_StillNeedsInputs(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal((@case.At!.Value.Line, "services.web.inputs"), (e.Line, e.KeyPath));
        Assert.Contains(@case.Expect!, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ServiceWithoutManaged_HasNoManagedSpec()
    {
        var registry = await LoadAsync(RegistryCases.ServiceWithoutManaged.Yaml);

        Assert.Null(registry.Find("gw")!.Managed);
    }

    [Fact]
    public async Task Load_OnlyManagedServices_NeedsNoComposeFile()
    {
        RegistrySamples.CreateManagedInputs(Dir);

        var registry = await LoadAsync(RegistryCases.ManagedSample.Yaml);

        Assert.False(File.Exists(Dir.PathOf("docker-compose.yml")));
        Assert.Empty(registry.ComposeFiles);
        Assert.All(registry.Services, s => Assert.NotNull(s.Managed));
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.ManagedModes), MemberType = typeof(RegistryCases))]
    public async Task Load_ManagedService_AcceptsAnyMode(string name)
    {
        var @case = RegistryCases.Get(name);

        var registry = await LoadAsync(@case.Yaml);

        Assert.Equal(@case.Expect, registry.Find("gw")!.Apply.Name());
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.StopSignals), MemberType = typeof(RegistryCases))]
    public async Task Load_StopSignal_IsNormalised(string name)
    {
        var registry = await LoadAsync(RegistryCases.Get(name).Yaml);

        Assert.Equal("SIGTERM", registry.Find("gw")!.Managed!.StopSignal);
    }

    [Fact]
    public async Task Load_StopSignalNumber_IsRejectedLikeSignal()
    {
        var e = await LoadFailsAsync(RegistryCases.StopSignalNumber);

        Assert.Equal((7, 20), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.stop_signal", e.KeyPath);
        Assert.Contains("signal numbers are not accepted", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ManagedAndContainer_IsRejected()
    {
        var e = await LoadFailsAsync(RegistryCases.ManagedAndContainer);

        Assert.Equal((5, 5), (e.Line, e.Column));
        Assert.Equal("services.gw.container", e.KeyPath);
        Assert.Contains("managed: and container: cannot be combined", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ServiceStopGraceOnManaged_PointsUnderManaged()
    {
        var e = await LoadFailsAsync(RegistryCases.ServiceStopGraceOnManaged);

        Assert.Equal((5, 5), (e.Line, e.Column));
        Assert.Equal("services.gw.stop_grace", e.KeyPath);
        Assert.Contains("goes under managed:", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ManagedWithoutImage_IsRejected()
    {
        var e = await LoadFailsAsync(RegistryCases.ManagedWithoutImage);

        Assert.Equal((5, 5), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.image", e.KeyPath);
        Assert.StartsWith("missing required key 'image'", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadImages), MemberType = typeof(RegistryCases))]
    public async Task Load_BadImage_IsRejected(string name)
    {
        var e = await LoadFailsAsync(RegistryCases.Get(name));

        Assert.Equal((6, 14), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.image", e.KeyPath);
    }

    [Fact]
    public async Task Load_ShellStringCommand_AsksForArgv()
    {
        var e = await LoadFailsAsync(RegistryCases.ShellStringCommand);

        Assert.Equal((7, 16), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.command", e.KeyPath);
        Assert.StartsWith("use a list (argv), not a shell string", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_CommandArguments_MayBeEmptyStringsButTheProgramMayNot()
    {
        var registry = await LoadAsync(RegistryCases.CommandWithEmptyArgument.Yaml);
        Assert.Equal(["/bin/gw", string.Empty, "8080", "true"], registry.Find("gw")!.Managed!.Command);

        var e = await LoadFailsAsync(RegistryCases.CommandWithEmptyProgram);
        Assert.Equal((7, 17), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.command[0]", e.KeyPath);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadPorts), MemberType = typeof(RegistryCases))]
    public async Task Load_BadPort_NamesTheItem(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal((7, 32), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.ports[1]", e.KeyPath);
        Assert.StartsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_DuplicateHostPort_IsRejected()
    {
        var e = await LoadFailsAsync(RegistryCases.DuplicateHostPort);

        Assert.Equal("services.gw.managed.ports[1]", e.KeyPath);
        Assert.Contains("host port 8080/tcp is already published", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RelativeContainerPath_IsRejected()
    {
        var e = await LoadFailsAsync(RegistryCases.RelativeContainerPath);

        Assert.Equal((9, 11), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.volumes[1]", e.KeyPath);
        Assert.Equal("the container path 'data' must be absolute (start with '/')", e.Problem);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadVolumes), MemberType = typeof(RegistryCases))]
    public async Task Load_BadVolume_IsRejected(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal((7, 17), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.volumes[0]", e.KeyPath);
        Assert.StartsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RelativeHostPath_ResolvesAgainstTheRegistryDirectory()
    {
        var registry = await LoadAsync(RegistryCases.RelativeHostPath.Yaml);

        Assert.Equal(
            [new VolumeBinding(Path.Combine(Dir.Root, "data", "gw"), "/var/lib/gw", false), new VolumeBinding(Path.GetFullPath(Path.Combine(Dir.Root, "..", "up")), "/up", false)],
            registry.Find("gw")!.Managed!.Volumes);
    }

    [Fact]
    public async Task Load_MissingEnvironmentVariable_NamesKeyAndVariableButNoValue()
    {
        var e = await LoadFailsAsync(RegistryCases.MissingEnvironmentVariable);

        Assert.Equal((9, 14), (e.Line, e.Column));
        Assert.Equal("services.gw.managed.env.DSN", e.KeyPath);
        Assert.Contains("DB_PASSWORD is not set", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("gw-s3cret", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("postgres://", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_MalformedEnvironmentTemplate_DoesNotQuoteTheValue()
    {
        var e = await LoadFailsAsync(RegistryCases.MalformedEnvironmentTemplate);

        Assert.Equal("services.gw.managed.env.SECRET", e.KeyPath);
        Assert.StartsWith("malformed ${NAME} reference", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_EnvironmentValues_TakeScalarsAsWrittenAndQuotedEmpty()
    {
        var registry = await LoadAsync(RegistryCases.EnvironmentValuesAsWritten.Yaml);

        Assert.Equal(
            new Dictionary<string, string> { ["N"] = "1.50", ["B"] = "yes", ["E"] = string.Empty, ["D"] = "cost $5" },
            registry.Find("gw")!.Managed!.Environment);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadEnvironments), MemberType = typeof(RegistryCases))]
    public async Task Load_BadEnvironment_IsRejected(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal(7, e.Line);
        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.StartsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.UnknownManagedKeys), MemberType = typeof(RegistryCases))]
    public async Task Load_UnknownKey_SuggestsTheClosest(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal(@case.At, (e.Line, e.Column));
        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.EndsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ServiceWaitMaxBelowMin_IsRejected()
    {
        var e = await LoadFailsAsync(RegistryCases.ServiceWaitMaxBelowMin);

        Assert.Equal((5, 26), (e.Line, e.Column));
        Assert.Equal("services.gw.wait.max", e.KeyPath);
        Assert.Equal("must not be shorter than min (2s)", e.Problem);
    }

    [Fact]
    public async Task Load_PortsAndAddresses_InEveryAcceptedSpelling()
    {
        var registry = await LoadAsync(RegistryCases.PortSpellings.Yaml);

        Assert.Equal(
            [
                new PortBinding(string.Empty, 8080, 80, "tcp"),
                new PortBinding(string.Empty, 8081, 81, "udp"),
                new PortBinding("010.0.0.1", 80, 80, "tcp"),
                new PortBinding("::ffff:1.2.3.4", 1, 1, "tcp"),
                new PortBinding("1:2:3:4:5:6:7:8", 2, 2, "tcp"),
            ],
            registry.Find("gw")!.Managed!.Ports);
    }

    [Fact]
    public async Task Load_DuplicateContainerPath_IsRejected()
    {
        var e = await LoadFailsAsync(RegistryCases.DuplicateContainerPath);

        Assert.Equal("services.gw.managed.volumes[1]", e.KeyPath);
        Assert.Equal("container path '/etc/gw' is already mounted", e.Problem);
    }
}
