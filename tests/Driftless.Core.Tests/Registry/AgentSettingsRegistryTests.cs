using System.Globalization;
using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary>Top-level <c>tick</c>, <c>wait</c> and <c>agent:</c> (issue 4).</summary>
public sealed class AgentSettingsRegistryTests : IDisposable
{
    private readonly RegistryFiles _files = new(_ => null);

    private TempDirectory Dir => _files.Dir;

    public void Dispose() => _files.Dispose();

    private Task<DriftlessRegistry> LoadAsync(string yaml) => _files.LoadAsync(yaml);

    private Task<RegistryException> LoadFailsAsync(RegistryCase @case) => _files.LoadFailsAsync(@case.Yaml);

    [Fact]
    public async Task Load_WithoutAgentKeys_UsesDefaults()
    {
        var registry = await LoadAsync(RegistryCases.WithoutAgentKeys.Yaml);

        Assert.Equal(AgentSettings.Default, registry.Agent);
        Assert.Equal(TimeSpan.FromSeconds(30), registry.Agent.Tick);
        Assert.Equal(new WaitSpec(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5)), registry.Agent.Wait);
        Assert.Equal("127.0.0.1:7411", registry.Agent.Listen);
        Assert.Null(registry.Agent.TokenFile);
        Assert.Null(registry.Agent.TokenEnv);
        Assert.Equal(TimeSpan.FromSeconds(2), registry.Agent.PollInterval);
        Assert.Equal(WatchMethod.Auto, registry.Agent.Watch);
    }

    [Fact]
    public async Task Load_EveryAgentKey_MapsToTheModel()
    {
        var registry = await LoadAsync(RegistryCases.EveryAgentKey.Yaml);

        Assert.Equal(
            new AgentSettings(
                TimeSpan.FromSeconds(90),
                new WaitSpec(TimeSpan.Zero, TimeSpan.FromSeconds(1)),
                "[::1]:9000",
                Dir.PathOf("secrets/token"),
                null,
                TimeSpan.FromMilliseconds(250),
                WatchMethod.Poll),
            registry.Agent);
        Assert.False(File.Exists(registry.Agent.TokenFile));
    }

    [Fact]
    public async Task Load_TokenEnv_KeepsTheNameNotAValue()
    {
        var registry = await LoadAsync(RegistryCases.TokenEnv.Yaml);

        Assert.Equal("DRIFTLESS_TOKEN", registry.Agent.TokenEnv);
        Assert.Null(registry.Agent.TokenFile);
        Assert.Equal(WatchMethod.Auto, registry.Agent.Watch);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.Listens), MemberType = typeof(RegistryCases))]
    public async Task Load_Listen_AcceptsHostPort(string name)
    {
        var @case = RegistryCases.Get(name);

        var registry = await LoadAsync(@case.Yaml);

        Assert.Equal(@case.Expect, registry.Agent.Listen);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadListens), MemberType = typeof(RegistryCases))]
    public async Task Load_BadListen_IsRejected(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal((3, 11), (e.Line, e.Column));
        Assert.Equal("agent.listen", e.KeyPath);
        Assert.StartsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadAgentSettings), MemberType = typeof(RegistryCases))]
    public async Task Load_BadAgentSetting_IsRejected(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal(@case.At, (e.Line, e.Column));
        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.StartsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.UnknownAgentKeys), MemberType = typeof(RegistryCases))]
    public async Task Load_UnknownAgentKey_SuggestsTheClosest(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await LoadFailsAsync(@case);

        Assert.Equal(@case.At, (e.Line, e.Column));
        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.EndsWith(@case.Expect!, e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.WaitBounds), MemberType = typeof(RegistryCases))]
    public async Task Load_WaitBounds_DefaultWithoutContradictingTheWrittenOne(string name)
    {
        var @case = RegistryCases.Get(name);
        var bounds = @case.Expect!.Split(',').Select(ms => TimeSpan.FromMilliseconds(int.Parse(ms, CultureInfo.InvariantCulture))).ToList();

        var registry = await LoadAsync(@case.Yaml);

        Assert.Equal(new WaitSpec(bounds[0], bounds[1]), registry.Agent.Wait);
    }
}
