using Driftless.Core.Doctor;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;
using DoctorCheck = Driftless.Core.Doctor.Doctor;

namespace Driftless.Core.Tests.Doctor;

public sealed class DoctorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeRuntime _runtime = new();
    private readonly FakeProbe _probe = new();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public DoctorTests()
    {
        Write("configs/app.conf");
        Write("configs/extra.conf");
        Write("configs/web/index.html");
        Write("configs/web/site.conf");
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(ApplyMode.ReloadHttp)]
    [InlineData(ApplyMode.Signal)]
    [InlineData(ApplyMode.Exec)]
    public async Task SingleFileMount_InPlaceMode_WarnsItEscalatesAndNamesTheDirectories(ApplyMode mode)
    {
        var service = Service("app", mode, File("configs/app.conf"));
        Run("app", Bind("configs/app.conf", "/etc/app/app.conf"));
        _probe.Answers["127.0.0.1:9000"] = ProbeResult.Ok;

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("app", finding.Service);
        Assert.Equal(DoctorCodes.SingleFileMount, finding.Code);
        Assert.Contains("configs/app.conf", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"apply: {mode.Name()}", finding.Message, StringComparison.Ordinal);
        Assert.Contains("on_stale_mount: restart", finding.Message, StringComparison.Ordinal);
        Assert.Equal("mount the directory ./configs/ at /etc/app/ instead of the file (PREFER_DIR_MOUNTS_FOR_CONFIG)", finding.Fix);
    }

    [Fact]
    public async Task SingleFileMount_InPlaceWithOnStaleMountFail_IsAnError()
    {
        var service = Service("app", ApplyMode.Exec, File("configs/app.conf")) with { OnStaleMount = StaleMountAction.Fail };
        Run("app", Bind("configs/app.conf", "/etc/app/app.conf"));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(DoctorCodes.SingleFileMount, finding.Code);
        Assert.Contains("on_stale_mount: fail", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApplyMode.Restart)]
    [InlineData(ApplyMode.Recreate)]
    public async Task SingleFileMount_ModeThatRestarts_IsInfo(ApplyMode mode)
    {
        var service = Service("app", mode, File("configs/app.conf"));
        Run("app", Bind("configs/app.conf", "/etc/app/app.conf"));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal(DoctorCodes.SingleFileMount, finding.Code);
        Assert.Contains("PREFER_DIR_MOUNTS_FOR_CONFIG", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectoryMounts_CoveringFileAndDirectoryInputs_AreFine()
    {
        var service = Service("app", ApplyMode.Signal, File("configs/app.conf"), Directory("configs/web/"));
        Run("app", Bind("configs", "/etc/app"), Bind("configs/web", "/srv/www"));

        Assert.Empty(await ExamineAsync(service));
    }

    [Fact]
    public async Task DirectoryInput_ServedFileByFile_FlagsEachSingleFileMount()
    {
        var service = Service("web", ApplyMode.Signal, Directory("configs/web/"));
        Run("web", Bind("configs/web/index.html", "/srv/www/index.html"), Bind("configs/web/site.conf", "/etc/web/site.conf"));

        var findings = await ExamineAsync(service);

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal((Severity.Warning, DoctorCodes.SingleFileMount), (f.Severity, f.Code)));
        Assert.Contains(findings, f => f.Message.Contains("configs/web/index.html", StringComparison.Ordinal)
            && f.Fix == "mount the directory ./configs/web/ at /srv/www/ instead of the file (PREFER_DIR_MOUNTS_FOR_CONFIG)");
    }

    [Fact]
    public async Task InputNotMounted_IsAnErrorNamingTheInput()
    {
        var service = Service("app", ApplyMode.Restart, File("configs/extra.conf"), Directory("configs/web/"));
        Run("app", Bind("configs/web", "/srv/www"), new MountInfo("volume", "/var/lib/docker/volumes/x/_data", "/data", true));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(DoctorCodes.InputNotMounted, finding.Code);
        Assert.Contains("configs/extra.conf", finding.Message, StringComparison.Ordinal);
        Assert.Contains("./configs/:/etc/app/:ro", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MountSourceNotOnThisHost_IsNotJudged()
    {
        // A remote engine's host paths do not exist here: neither file nor directory, so no claim is made.
        var service = Service("app", ApplyMode.Signal, File("configs/app.conf"));
        System.IO.File.Delete(Path.Combine(_dir.Path, "configs/app.conf"));
        Run("app", new MountInfo("bind", Path.Combine(_dir.Path, "configs/app.conf"), "/etc/app/app.conf", false));

        Assert.Empty(await ExamineAsync(service));
    }

    [Theory]
    [InlineData(ApplyMode.Restart, Severity.Error)]
    [InlineData(ApplyMode.Signal, Severity.Error)]
    [InlineData(ApplyMode.Recreate, Severity.Warning)]
    public async Task ContainerMissing_IsAnErrorUnlessRecreateCreatesIt(ApplyMode mode, Severity expected)
    {
        var service = Service("app", mode, File("configs/app.conf"));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal(expected, finding.Severity);
        Assert.Equal(DoctorCodes.ContainerMissing, finding.Code);
        Assert.Contains("demo/app", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContainerNotRunning_IsAWarning_AndItsMountsAreStillChecked()
    {
        var service = Service("app", ApplyMode.Restart, File("configs/app.conf"), File("configs/extra.conf"));
        Run("app", Bind("configs/app.conf", "/etc/app/app.conf"));
        _runtime.Containers["app"] = _runtime.Containers["app"] with { Running = false, Status = "exited" };

        var findings = await ExamineAsync(service);

        Assert.Equal(
            [(Severity.Error, DoctorCodes.InputNotMounted), (Severity.Warning, DoctorCodes.ContainerNotRunning), (Severity.Info, DoctorCodes.SingleFileMount)],
            findings.Select(f => (f.Severity, f.Code)));
        Assert.Contains("exited", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReloadUnreachable_WithoutFallback_IsAnError_PrintsTheTemplateNotTheValue()
    {
        _environment["ALLOY_HOST"] = "10.9.8.7";
        var service = Reloading("alloy", "http://${ALLOY_HOST}:12345/-/reload", fallback: null);
        Run("alloy", Bind("configs", "/etc/alloy"));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(DoctorCodes.ReloadUnreachable, finding.Code);
        Assert.Contains("http://${ALLOY_HOST}:12345/-/reload", finding.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("10.9.8.7", finding.Message + finding.Fix, StringComparison.Ordinal);
        Assert.Contains("fallback: restart", finding.Fix, StringComparison.Ordinal);
        Assert.Equal(["10.9.8.7:12345 within 2s"], _probe.Calls);
    }

    [Fact]
    public async Task ReloadUnreachable_WithFallback_IsAWarning()
    {
        var service = Reloading("alloy", "http://127.0.0.1:12345/-/reload", fallback: ApplyMode.Restart);
        Run("alloy", Bind("configs", "/etc/alloy"));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(DoctorCodes.ReloadUnreachable, finding.Code);
        Assert.Contains("fall back to restart", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReloadUnreachable_PortFromAVariable_TheFixExampleDoesNotShowIt()
    {
        _environment["ALLOY_PORT"] = "48213";
        var service = Reloading("alloy", "http://127.0.0.1:${ALLOY_PORT}/-/reload", fallback: null);
        Run("alloy", Bind("configs", "/etc/alloy"));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal(["127.0.0.1:48213 within 2s"], _probe.Calls);
        Assert.StartsWith("make the endpoint reachable from where driftless runs (publish the port), or add", finding.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("48213", finding.Message + finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReloadUnreachable_LiteralPort_TheFixExampleShowsIt()
    {
        _environment["ALLOY_HOST"] = "alloy.internal";
        var service = Reloading("alloy", "http://${ALLOY_HOST}:12345/-/reload", fallback: null);
        Run("alloy", Bind("configs", "/etc/alloy"));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Contains("`ports: [\"127.0.0.1:12345:12345\"]`", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProbeProblemQuotingAResolvedValue_IsShownWithTheTemplate()
    {
        // Defence in depth: the probe's text is not the doctor's own; a resolved value in it is replaced by its ${NAME}.
        _environment["ALLOY_HOST"] = "secret-host.example";
        _probe.Answers["secret-host.example:80"] = ProbeResult.Failed("refused by SECRET-HOST.example");
        var service = Reloading("alloy", "http://${ALLOY_HOST}/-/reload", fallback: null);
        Run("alloy", Bind("configs", "/etc/alloy"));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Contains("(refused by ${ALLOY_HOST})", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-host", finding.Message + finding.Fix, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReloadReachable_NoFinding_DefaultPortFromScheme()
    {
        _probe.Answers["alloy.internal:80"] = ProbeResult.Ok;
        var service = Reloading("alloy", "http://alloy.internal/-/reload", fallback: null);
        Run("alloy", Bind("configs", "/etc/alloy"));

        Assert.Empty(await ExamineAsync(service));
        Assert.Equal(["alloy.internal:80 within 2s"], _probe.Calls);
    }

    [Fact]
    public async Task ReloadUrlWithUnsetVariable_NamesTheVariable_ProbesNothing()
    {
        var service = Reloading("alloy", "http://${ALLOY_HOST}:12345/-/reload", fallback: null);
        Run("alloy", Bind("configs", "/etc/alloy"));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal((Severity.Error, DoctorCodes.ReloadUnreachable), (finding.Severity, finding.Code));
        Assert.Contains("ALLOY_HOST", finding.Message, StringComparison.Ordinal);
        Assert.Empty(_probe.Calls);
    }

    [Theory]
    [InlineData(true, "sh", "-c", "nginx -g 'daemon off;'")]
    [InlineData(false, "/bin/bash", "-c", "nginx")]
    [InlineData(true, "/bin/busybox", "sh", "/start.sh")]
    [InlineData(false, "/usr/bin/dash", "/start.sh", "")]
    public async Task SignalToAShell_IsNotForwarded(bool init, string program, string arg1, string arg2)
    {
        var service = Service("web", ApplyMode.Signal, Directory("configs/web/")) with { Signal = "SIGHUP" };
        Run("web", Bind("configs/web", "/etc/nginx"));
        _runtime.Containers["web"] = _runtime.Containers["web"] with { Command = [program, arg1, arg2], Init = init };

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal((Severity.Warning, DoctorCodes.SignalNotForwarded), (finding.Severity, finding.Code));
        Assert.Contains("SIGHUP", finding.Message, StringComparison.Ordinal);
        Assert.Equal(init, finding.Message.Contains("docker-init", StringComparison.Ordinal));
        Assert.StartsWith("exec the server directly (CMD [\"nginx\", ...]) or `exec` it from the shell", finding.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApplyMode.Signal, "/usr/sbin/nginx", "-g")]
    [InlineData(ApplyMode.Signal, "sh", "-c", "exec nginx -g 'daemon off;'")]
    [InlineData(ApplyMode.Restart, "sh", "-c", "nginx")]
    public async Task SignalReachesTheServer_OrNoSignalMode_NoFinding(ApplyMode mode, params string[] command)
    {
        var service = Service("web", mode, Directory("configs/web/")) with { Signal = "SIGHUP" };
        Run("web", Bind("configs/web", "/etc/nginx"));
        _runtime.Containers["web"] = _runtime.Containers["web"] with { Command = command, Init = true };

        Assert.Empty(await ExamineAsync(service));
    }

    [Fact]
    public async Task Findings_AreSortedByServiceThenSeverity()
    {
        var zeta = Service("zeta", ApplyMode.Restart, File("configs/app.conf"));
        var alpha = Service("alpha", ApplyMode.Signal, File("configs/app.conf"), File("configs/extra.conf")) with { Signal = "SIGHUP" };
        Run("zeta", Bind("configs/app.conf", "/etc/app/app.conf"));
        Run("alpha", Bind("configs/app.conf", "/etc/app/app.conf"));
        _runtime.Containers["alpha"] = _runtime.Containers["alpha"] with { Command = ["sh", "-c", "server"] };

        var findings = await ExamineAsync(zeta, alpha);

        Assert.Equal(
            [
                ("alpha", Severity.Error, DoctorCodes.InputNotMounted),
                ("alpha", Severity.Warning, DoctorCodes.SingleFileMount),
                ("alpha", Severity.Warning, DoctorCodes.SignalNotForwarded),
                ("zeta", Severity.Info, DoctorCodes.SingleFileMount),
            ],
            findings.Select(f => (f.Service, f.Severity, f.Code)));
    }

    private Task<IReadOnlyList<DoctorFinding>> ExamineAsync(params ServiceSpec[] services) =>
        new DoctorCheck(_runtime, _probe, name => _environment.GetValueOrDefault(name))
            .ExamineAsync(new DriftlessRegistry(Path.Combine(_dir.Path, "driftless.yaml"), _dir.Path, "demo", [], Path.Combine(_dir.Path, ".driftless"), services), CancellationToken.None);

    private void Run(string service, params MountInfo[] mounts) => _runtime.Run(service, mounts);

    private MountInfo Bind(string relative, string destination) => new("bind", Path.Combine(_dir.Path, relative), destination, false);

    private InputSpec File(string relative) => new(relative, Path.Combine(_dir.Path, relative), InputKind.File);

    private InputSpec Directory(string relative) => new(relative, Path.Combine(_dir.Path, relative.TrimEnd('/')), InputKind.Directory);

    private static ServiceSpec Service(string name, ApplyMode mode, params InputSpec[] inputs) =>
        new(name, null, inputs, mode, null, new VerifySpec(TimeSpan.Zero));

    private ServiceSpec Reloading(string name, string url, ApplyMode? fallback) =>
        Service(name, ApplyMode.ReloadHttp, Directory("configs/")) with
        {
            Reload = new ReloadSpec(url, "POST", new Dictionary<string, string>(), ReloadSpec.DefaultTimeout, []),
            Fallback = fallback,
        };

    private void Write(string relative)
    {
        var path = Path.Combine(_dir.Path, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, relative);
    }
}
