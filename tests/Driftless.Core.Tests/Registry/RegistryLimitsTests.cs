using System.Text;
using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

/// <summary>Names, strings, inputs and reload signals beyond the registry's limits (README, "Limits").</summary>
public sealed class RegistryLimitsTests : IDisposable
{
    private readonly RegistryFiles _files = new(RegistryCases.Environment);

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(nameof(RegistryCases.ProjectNameTooLong))]
    [InlineData(nameof(RegistryCases.ServiceNameTooLong))]
    [InlineData(nameof(RegistryCases.ContainerNameTooLong))]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.UncatchableReloadSignals), MemberType = typeof(RegistryCases))]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.RootInputs), MemberType = typeof(RegistryCases))]
    [MemberData(nameof(RegistryCases.NamesOf), nameof(RegistryCases.NulInStrings), MemberType = typeof(RegistryCases))]
    public async Task Load_BeyondALimit_Is65_AtTheKey(string name)
    {
        var @case = RegistryCases.Get(name);

        var e = await _files.LoadFailsAsync(@case.Yaml);

        Assert.Equal(@case.KeyPath, e.KeyPath);
        Assert.Contains(@case.Expect!, e.Problem, StringComparison.Ordinal);
        Assert.True(e.Line > 0, e.Message);
    }

    [Theory]
    [InlineData(nameof(RegistryCases.ProjectNameAtTheLimit))]
    [InlineData(nameof(RegistryCases.ServiceNameAtTheLimit))]
    [InlineData(nameof(RegistryCases.ContainerNameAtTheLimit))]
    [InlineData(nameof(RegistryCases.KillAsStopSignal))]
    public async Task Load_AtALimit_IsAccepted(string name)
    {
        RegistryCases.CreateInputs(_files.Dir);

        var registry = await _files.LoadAsync(RegistryCases.Get(name).Yaml);

        Assert.NotEmpty(registry.Services);
    }

    [Fact]
    public async Task Load_RootInput_IsRejectedAtLoad_WithFileLineAndKey()
    {
        var e = await _files.LoadFailsAsync("version: 1\nproject: p\nservices:\n  web:\n    inputs: [a.conf, /]\n");

        Assert.Equal((5, 22, "services.web.inputs[1]"), (e.Line, e.Column, e.KeyPath));
        Assert.Equal("input '/' is the filesystem root; name the files or directories the service reads", e.Problem);
    }

    [Theory]
    [InlineData("SIGSTOP", "freezes")]
    [InlineData("SIGKILL", "kills")]
    public async Task Load_UncatchableReloadSignal_SaysWhatItWouldDo(string signal, string effect)
    {
        var e = await _files.LoadFailsAsync($"version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    apply: signal\n    signal: {signal}\n");

        Assert.Equal((6, 13), (e.Line, e.Column));
        Assert.StartsWith($"{signal} cannot be caught, so it cannot ask a process to reload (it {effect} it); use a signal", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ControlCharactersFromTheFile_AreEscaped_InEveryPart()
    {
        var yaml = "version: 1\nproject: \"a\\e[31m\\nb\"\nservices:\n  \"w\\u202eb\\u0007\":\n    inputs: [a.conf]\n    \"ap\\rply\\u2028\": x\n";

        var e = await _files.LoadFailsAsync(yaml);

        Assert.Equal(["project", @"services.w\u202eb\x07", @"services.w\u202eb\x07.ap\rply\u2028"], e.Errors.Select(error => error.KeyPath));
        Assert.StartsWith(@"invalid compose project name 'a\x1b[31m\nb':", e.Errors[0].Problem, StringComparison.Ordinal);
        Assert.StartsWith(@"invalid compose service name 'w\u202eb\x07':", e.Errors[1].Problem, StringComparison.Ordinal);
        Assert.StartsWith(@"unknown key 'ap\rply\u2028';", e.Errors[2].Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(e.Message, c => char.IsControl(c) && c != '\n');
        Assert.Equal(3, e.Message.Split('\n').Length);
    }

    [Fact]
    public async Task Load_LongValue_IsCut_SayingItsLength()
    {
        var value = new string('x', 100_000);

        var e = await _files.LoadFailsAsync($"version: 1\nservices:\n  web:\n    inputs: [a.conf]\n    apply: {value}\n");

        Assert.StartsWith($"unknown apply mode '{new string('x', 63)}… (100000 characters)'; valid modes: none,", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ManyProblems_ListsTheFirst20_AndCountsTheRest()
    {
        var yaml = new StringBuilder("version: 1\n");
        for (var i = 0; i < 500; i++)
        {
            yaml.Append("unknown").Append(i).Append(": 1\n");
        }

        var e = await _files.LoadFailsAsync(yaml.Append("services:\n  web:\n    inputs: [a.conf]\n").ToString());

        Assert.Equal(21, e.Errors.Count);
        Assert.Equal("unknown0", e.Errors[0].KeyPath);
        Assert.Equal((22, null, "and 480 more problems (only the first 20 are listed)"), (e.Errors[20].Line, e.Errors[20].KeyPath, e.Errors[20].Problem));
    }

    [Fact]
    public async Task Load_RegistryPathWithNul_Is65()
    {
        var e = await Assert.ThrowsAsync<RegistryException>(() => new RegistryLoader().LoadAsync("dri\0ftless.yaml", CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidRegistry, e.Kind);
        Assert.Equal(@"dri\x00ftless.yaml: not a usable file path", e.Message);
    }
}
