using System.Globalization;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary>Top-level <c>history:</c> — how many events, and how old, the state store keeps per service.</summary>
public sealed class HistoryRegistryTests : IDisposable
{
    private readonly RegistryFiles _files = new(_ => null);

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Load_WithoutHistory_KeepsTheLast1000Events_WithoutAgeLimit()
    {
        var registry = await _files.LoadAsync(RegistryCases.WithoutAgentKeys.Yaml);

        Assert.Same(HistorySettings.Default, registry.History);
        Assert.Equal(new HistorySettings(1000, null), registry.History);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.Histories), MemberType = typeof(RegistryCases))]
    public async Task Load_History_MapsToTheModel_DefaultingWhatIsLeftOut(string name)
    {
        var @case = RegistryCases.Get(name);
        var expected = @case.Expect!.Split(',');
        TimeSpan? maxAge = expected[1] == "none" ? null : TimeSpan.FromSeconds(double.Parse(expected[1], CultureInfo.InvariantCulture));

        var registry = await _files.LoadAsync(@case.Yaml);

        Assert.Equal(new HistorySettings(int.Parse(expected[0], CultureInfo.InvariantCulture), maxAge), registry.History);
    }

    [Theory]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.BadHistories), MemberType = typeof(RegistryCases))]
    public async Task Load_BadHistory_IsRejected_AtItsLineAndKey(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await _files.LoadFailsAsync(@case.Yaml);

        Assert.Equal(@case.At, (e.Line, e.Column));
        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.Equal(@case.Expect, e.Problem);
    }

    [Fact]
    public async Task Load_BadKeepAndMaxAge_AreBothReported()
    {
        var e = await _files.LoadFailsAsync(RegistryCases.BadKeepAndMaxAge.Yaml);

        Assert.Equal([(3, "history.keep"), (4, "history.max_age")], e.Errors.Select(error => (error.Line, error.KeyPath)));
    }
}
