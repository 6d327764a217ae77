using Driftless.Core.Doctor;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;
using DoctorCheck = Driftless.Core.Doctor.Doctor;

namespace Driftless.Core.Tests.Doctor;

/// <summary>An input outside the registry's directory tree is allowed, and doctor says so.</summary>
public sealed class OutsideInputDoctorTests : IDisposable
{
    private readonly Registry.TempDirectory _dir = new("stack");
    private readonly FakeRuntime _runtime = new();

    public void Dispose()
    {
        _runtime.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task InputOutsideTheRegistryTree_IsAWarningNamingTheInput()
    {
        _dir.Write("configs/app.conf", "x");
        var outside = Path.GetFullPath(_dir.Write("../shared/common.conf", "x"));
        var inputs = new[] { InputResolver.Resolve("configs/app.conf", _dir.Root), InputResolver.Resolve("../shared/common.conf", _dir.Root) };
        var service = new ServiceSpec("app", null, inputs, ApplyMode.Restart, null, VerifySpec.Default);
        var registry = new DriftlessRegistry(_dir.PathOf("driftless.yaml"), _dir.Root, "demo", [_dir.PathOf("docker-compose.yml")], _dir.PathOf(".driftless"), [service]);
        _runtime.Run("app", FakeRuntime.Bind(_dir.PathOf("configs"), "/etc/app"), FakeRuntime.Bind(outside, "/etc/common.conf"));

        var findings = await new DoctorCheck(_runtime, new FakeProbe()).ExamineAsync(registry, CancellationToken.None);

        var finding = Assert.Single(findings, f => f.Code == DoctorCodes.InputOutsideRegistry);
        Assert.Equal((Severity.Warning, "app"), (finding.Severity, finding.Service));
        Assert.Contains("'../shared/common.conf'", finding.Message, StringComparison.Ordinal);
        Assert.Contains(outside, finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Code == DoctorCodes.InputOutsideRegistry && f.Message.Contains("configs/app.conf", StringComparison.Ordinal));
    }
}
