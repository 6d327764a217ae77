using System.Text.Json;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.IntegrationTests.Managed;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Runtime;

public sealed class ManagedRuntimeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static ManagedContainerRequest Request(ManagedFixture fixture, string service, ManagedSpec spec, string? name = null) => new(
        name ?? $"{fixture.Project}-{service}-{Guid.NewGuid().ToString("N")[..8]}",
        spec,
        new Dictionary<string, string>
        {
            [ManagedSpecs.ManagedLabel] = ManagedSpecs.LabelValue(fixture.Project, service),
            [ManagedSpecs.SpecLabel] = ManagedSpecs.Hash(spec),
            [TestNames.OwnerLabel] = "1",
        });

    [Fact]
    public async Task StartManaged_BakesEnvPortsVolumesLabelsAndStopSettings()
    {
        await using var fixture = new ManagedFixture();
        using var config = new TempDir();
        config.Write("app.conf", "a\n");
        var port = FreePort.Next();
        var spec = fixture.Spec(
            stopSignal: "SIGUSR1",
            grace: TimeSpan.FromMilliseconds(2500),
            env: new Dictionary<string, string> { ["LOG_LEVEL"] = "info", ["EMPTY"] = string.Empty },
            ports: [new PortBinding("127.0.0.1", port, 8080)],
            volumes: [new VolumeBinding(fixture.Dir.Path, ManagedFixture.RecordPath, false), new VolumeBinding(config.Path, "/etc/app", true)]);
        var runtime = Runtimes.Create();
        var request = Request(fixture, "web", spec);

        var id = await runtime.StartManagedAsync(request, None);

        var inspected = (await ManagedFixture.InspectAsync(id))!.Value;
        Assert.Equal("/" + request.Name, inspected.GetProperty("Name").GetString());
        Assert.True(inspected.GetProperty("State").GetProperty("Running").GetBoolean());
        var config_ = inspected.GetProperty("Config");
        Assert.Equal(TestNames.Image, config_.GetProperty("Image").GetString());
        Assert.Equal(spec.Command, config_.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()!).ToList());
        var env = config_.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("LOG_LEVEL=info", env);
        Assert.Contains("EMPTY=", env);
        Assert.Equal("SIGUSR1", config_.GetProperty("StopSignal").GetString());
        Assert.Equal(3, config_.GetProperty("StopTimeout").GetInt32());
        var labels = config_.GetProperty("Labels");
        Assert.Equal($"{fixture.Project}/web", labels.GetProperty(ManagedSpecs.ManagedLabel).GetString());
        Assert.Equal(ManagedSpecs.Hash(spec), labels.GetProperty(ManagedSpecs.SpecLabel).GetString());
        Assert.True(config_.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
        var binding = Assert.Single(inspected.GetProperty("HostConfig").GetProperty("PortBindings").GetProperty("8080/tcp").EnumerateArray());
        Assert.Equal(("127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), (binding.GetProperty("HostIp").GetString(), binding.GetProperty("HostPort").GetString()));
        var binds = inspected.GetProperty("HostConfig").GetProperty("Binds").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal([$"{fixture.Dir.Path}:/rec:rw", $"{config.Path}:/etc/app:ro"], binds);

        // The runtime's own view agrees.
        var container = await runtime.InspectAsync(id, None);
        Assert.NotNull(container);
        Assert.Equal(TimeSpan.FromSeconds(3), container.StopTimeout);
        Assert.InRange(container.Created, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Contains(container.Mounts, m => m.Destination == "/etc/app" && !m.ReadWrite);
        await fixture.WaitStartedAsync("v1");
        Assert.Equal("a\n", await Cmd.RunCheckedAsync(["docker", "exec", id, "cat", "/etc/app/app.conf"]));
    }

    [Fact]
    public async Task StartManaged_EmptyCommand_KeepsTheImageDefault()
    {
        await using var fixture = new ManagedFixture();
        var runtime = Runtimes.Create();

        var id = await runtime.StartManagedAsync(Request(fixture, "web", fixture.Spec(command: [], image: TestNames.ReloaderImage)), None);

        var inspected = (await ManagedFixture.InspectAsync(id))!.Value;
        var imageCmd = (await Cmd.RunCheckedAsync(["docker", "image", "inspect", "-f", "{{json .Config.Cmd}}", TestNames.ReloaderImage])).Trim();
        Assert.Equal(imageCmd, inspected.GetProperty("Config").GetProperty("Cmd").GetRawText());
    }

    [Fact]
    public async Task StartManaged_BadCommand_ThrowsAndLeavesNoContainer()
    {
        await using var fixture = new ManagedFixture();
        var runtime = Runtimes.Create();
        var spec = fixture.Spec(command: ["/no/such/binary"], env: new Dictionary<string, string> { ["SECRET"] = "hunter2-very-secret" });

        var error = await Assert.ThrowsAsync<ManagedStartException>(() => runtime.StartManagedAsync(Request(fixture, "web", spec), None));

        Assert.Contains($"{fixture.Project}/web", error.Message, StringComparison.Ordinal);
        Assert.Contains(TestNames.Image, error.Message, StringComparison.Ordinal);
        Assert.Contains("/no/such/binary", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.LabelledAsync());
    }

    [Fact]
    public async Task StartManaged_UnknownImage_ThrowsAndLeavesNoContainer()
    {
        await using var fixture = new ManagedFixture();
        var runtime = Runtimes.Create();
        var image = "driftless-test/nope-" + fixture.Project + ":v9";

        var error = await Assert.ThrowsAsync<ManagedStartException>(() => runtime.StartManagedAsync(Request(fixture, "web", fixture.Spec(image: image)), None));

        Assert.Contains(image, error.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.LabelledAsync());
    }

    [Fact]
    public async Task StartManaged_PortInUse_ThrowsAndLeavesNoContainer()
    {
        await using var fixture = new ManagedFixture();
        var runtime = Runtimes.Create();
        var port = FreePort.Next();
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();

        var error = await Assert.ThrowsAsync<ManagedStartException>(
            () => runtime.StartManagedAsync(Request(fixture, "web", fixture.Spec(ports: [new PortBinding("127.0.0.1", port, 80)])), None));

        Assert.Contains("could not start", error.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.LabelledAsync());
    }

    [Fact]
    public async Task StartManaged_EngineUnreachable_IsEngineUnreachable()
    {
        await using var fixture = new ManagedFixture();
        var runtime = Runtimes.Create(endpoint: "unix://" + fixture.Dir.File("no.sock"));

        await Assert.ThrowsAsync<Core.Errors.EngineUnreachableException>(() => runtime.StartManagedAsync(Request(fixture, "web", fixture.Spec()), None));
        await Assert.ThrowsAsync<Core.Errors.EngineUnreachableException>(() => runtime.ListManagedAsync(fixture.Project, None));
    }

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("SIGUSR1")]
    public async Task Stop_SendsTheBakedStopSignal_ThenRemoveDeletes(string signal)
    {
        await using var fixture = new ManagedFixture();
        var runtime = Runtimes.Create();
        var id = await runtime.StartManagedAsync(Request(fixture, "web", fixture.Spec(stopSignal: signal)), None);
        await fixture.WaitStartedAsync("v1");

        await runtime.StopAsync(id, TimeSpan.FromSeconds(20), None);

        Assert.Equal([$"{signal[3..]} v1"], fixture.Signals());
        var state = (await ManagedFixture.InspectAsync(id))!.Value.GetProperty("State");
        Assert.False(state.GetProperty("Running").GetBoolean());
        Assert.Equal(0, state.GetProperty("ExitCode").GetInt32());

        await runtime.StopAsync(id, TimeSpan.FromSeconds(1), None);
        await runtime.RemoveAsync(id, None);
        Assert.False(await ManagedFixture.ExistsAsync(id));

        // Missing is fine for both.
        await runtime.StopAsync(id, TimeSpan.FromSeconds(1), None);
        await runtime.RemoveAsync(id, None);
    }

    [Fact]
    public async Task Remove_RunningContainer_IsRefused()
    {
        await using var fixture = new ManagedFixture();
        var runtime = Runtimes.Create();
        var id = await runtime.StartManagedAsync(Request(fixture, "web", fixture.Spec()), None);

        await Assert.ThrowsAsync<Core.Errors.DriftlessException>(() => runtime.RemoveAsync(id, None));

        Assert.True(await ManagedFixture.ExistsAsync(id));
    }

    [Fact]
    public async Task ListManaged_OnlyThisProjectsLabelledContainers()
    {
        await using var fixture = new ManagedFixture();
        await using var other = new ManagedFixture();
        var runtime = Runtimes.Create();
        var web = await runtime.StartManagedAsync(Request(fixture, "web", fixture.Spec()), None);
        var stopped = await runtime.StartManagedAsync(Request(fixture, "db", fixture.Spec()), None);
        await runtime.StopAsync(stopped, TimeSpan.FromSeconds(5), None);

        // A project whose name starts with ours, and a foreign container named like ours without the label.
        await runtime.StartManagedAsync(
            new ManagedContainerRequest(
                fixture.Project + "x-web-1",
                fixture.Spec(),
                new Dictionary<string, string> { [ManagedSpecs.ManagedLabel] = ManagedSpecs.LabelValue(fixture.Project + "x", "web") }),
            None);
        fixture.RegisterForeign(fixture.Project + "x-web-1");
        await using var foreign = await TestContainer.StartAsync($"{fixture.Project}-web-x");

        var listed = await runtime.ListManagedAsync(fixture.Project, None);

        // Newest first.
        Assert.Equal([stopped, web], listed.Select(c => c.Id).ToList());
        Assert.True(listed[1].Running);
        Assert.False(listed[0].Running);
        Assert.All(listed, c => Assert.StartsWith(fixture.Project + "/", c.Labels[ManagedSpecs.ManagedLabel], StringComparison.Ordinal));
        Assert.Empty(await runtime.ListManagedAsync(other.Project, None));
    }

    [Fact]
    public async Task FindManaged_PicksTheNewest_NeverComposeOrName()
    {
        await using var fixture = new ManagedFixture();
        var runtime = Runtimes.Create();
        var target = new ContainerTarget(fixture.Project, "web", null, Managed: true);
        Assert.Null(await runtime.FindAsync(target, None));

        var older = await runtime.StartManagedAsync(Request(fixture, "web", fixture.Spec()), None);
        var newer = await runtime.StartManagedAsync(Request(fixture, "web", fixture.Spec("v2")), None);
        await runtime.StopAsync(newer, TimeSpan.FromSeconds(5), None);
        await runtime.StartManagedAsync(Request(fixture, "api", fixture.Spec()), None);

        var found = await runtime.FindAsync(target, None);

        Assert.NotNull(found);
        Assert.Equal(newer, found.Id);
        Assert.NotEqual(older, found.Id);
        Assert.False(found.Running);
        Assert.Null(await runtime.FindAsync(target with { Service = "nope" }, None));
    }
}
