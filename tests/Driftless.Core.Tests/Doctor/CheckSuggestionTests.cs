using Driftless.Core.Doctor;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;
using Driftless.Core.Tests.Registry;
using DoctorCheck = Driftless.Core.Doctor.Doctor;

namespace Driftless.Core.Tests.Doctor;

/// <summary>Doctor's <c>check_suggested</c> (issue 11): an info finding with a ready-to-paste <c>check:</c> for a known image.</summary>
public sealed class CheckSuggestionTests : IDisposable
{
    private readonly Registry.TempDirectory _dir = new("stack");
    private readonly FakeRuntime _runtime = new();

    public CheckSuggestionTests()
    {
        _dir.Write("configs/caddy/Caddyfile", ":80\n");
        _dir.Write("configs/nginx/nginx.conf", "events {}\n");
        _dir.Write("configs/nginx/conf.d/site.conf", "server {}\n");
        _dir.Write("configs/lb.cfg", "global\n");
        _dir.Write("configs/prom/prometheus.yml", "scrape_configs: []\n");
        _dir.Write("configs/edge.caddy", ":80\n");
    }

    public void Dispose()
    {
        _runtime.Dispose();
        _dir.Dispose();
    }

    public static TheoryData<string, string[], string, string> ImageDefaults => new()
    {
        { "caddy:2-alpine", [], "[caddy, validate, --config, /etc/caddy/Caddyfile, --adapter, caddyfile]", "the image's default" },
        { "docker.io/library/nginx:1.27", ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"], "[nginx, -t]", "the image's default" },
        { "prom/prometheus", [], "[promtool, check, config, /etc/prometheus/prometheus.yml]", "the image's default" },
        { "haproxytech/haproxy-alpine:3.0", ["docker-entrypoint.sh", "haproxy"], "[haproxy, -c, -f, /usr/local/etc/haproxy/haproxy.cfg]", "the image's default" },
        { "caddy", ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"], "[caddy, validate, --config, /etc/caddy/Caddyfile, --adapter, caddyfile]", "named by the server's command line" },
        { "caddy", ["/usr/bin/caddy", "run", "--config=/srv/caddy.json"], "[caddy, validate, --config, /srv/caddy.json]", "named by the server's command line" },
        { "caddy", ["caddy", "run", "-c", "/srv/site.conf", "--adapter", "nginx"], "[caddy, validate, --config, /srv/site.conf, --adapter, nginx]", "named by the server's command line" },
        { "nginx", ["nginx", "-c", "/etc/nginx/custom.conf", "-g", "daemon off;"], "[nginx, -t, -c, /etc/nginx/custom.conf]", "named by the server's command line" },
        { "nginx", ["nginx", "-c/etc/nginx/custom.conf"], "[nginx, -t, -c, /etc/nginx/custom.conf]", "named by the server's command line" },
        { "nginx", ["nginx", "-c", "conf/relative.conf"], "[nginx, -t]", "the image's default" },
        { "nginx", ["sh", "-c", "nginx -c /etc/other.conf"], "[nginx, -t]", "the image's default" },
        { "prom/prometheus:v3", ["/bin/prometheus", "--config.file=/config/prom.yml", "--storage.tsdb.path=/prometheus"], "[promtool, check, config, /config/prom.yml]", "named by the server's command line" },
        { "prom/prometheus:v3", ["/bin/prometheus", "--config.file", "/config/prom.yml"], "[promtool, check, config, /config/prom.yml]", "named by the server's command line" },
        { "haproxy:lts", ["haproxy", "-W", "-f", "/cfg/", "-db"], "[haproxy, -c, -f, /cfg/]", "named by the server's command line" },
        { "nginx", ["nginx", "-c", "/etc/my nginx/main.conf"], "[nginx, -t, -c, \"/etc/my nginx/main.conf\"]", "named by the server's command line" },
    };

    [Theory]
    [MemberData(nameof(ImageDefaults))]
    public async Task ComposeService_KnownImage_InfoWithTheCheckForTheConfigItReads(string image, string[] command, string argv, string why)
    {
        var service = Service("edge", Directory("configs/unrelated/"));
        Run("edge", image, command, FakeRuntime.Bind(_dir.PathOf("configs/unrelated"), "/srv/data"));

        var finding = Assert.Single(await ExamineAsync(service));

        Assert.Equal((Severity.Info, "edge", DoctorCodes.CheckSuggested), (finding.Severity, finding.Service, finding.Code));
        Assert.Equal($"add `check: {{exec: {argv}}}` under services.edge (see docs/check.md)", finding.Fix);
        Assert.StartsWith($"no check: configured, and image {image} runs ", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith($"({why})", finding.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string, string> MountedConfigs => new()
    {
        // A directory input holding the conventional file, mounted away from the default: nginx is told with -c.
        { "nginx:1.27", "configs/nginx/", "/opt/nginx", "[nginx, -t, -c, /opt/nginx/nginx.conf]", "/opt/nginx/nginx.conf (input configs/nginx/nginx.conf is mounted there)" },
        { "nginx:1.27", "configs/nginx/", "/etc/nginx", "[nginx, -t]", "/etc/nginx/nginx.conf (input configs/nginx/nginx.conf is mounted there)" },
        { "caddy", "configs/caddy/", "/config/caddy", "[caddy, validate, --config, /config/caddy/Caddyfile, --adapter, caddyfile]", "/config/caddy/Caddyfile (input configs/caddy/Caddyfile is mounted there)" },
        { "prom/prometheus", "configs/prom/prometheus.yml", "/opt/prom/prometheus.yml", "[promtool, check, config, /opt/prom/prometheus.yml]", "/opt/prom/prometheus.yml (input configs/prom/prometheus.yml is mounted there)" },
        // A file input mounted under the conventional name.
        { "haproxy", "configs/lb.cfg", "/cfg/haproxy.cfg", "[haproxy, -c, -f, /cfg/haproxy.cfg]", "/cfg/haproxy.cfg (input configs/lb.cfg is mounted there)" },
        // Mounted under another name: the server does not read it by convention; the default stands.
        { "haproxy", "configs/lb.cfg", "/cfg/lb.cfg", "[haproxy, -c, -f, /usr/local/etc/haproxy/haproxy.cfg]", "/usr/local/etc/haproxy/haproxy.cfg (the image's default)" },
    };

    [Theory]
    [MemberData(nameof(MountedConfigs))]
    public async Task MountedInput_UnderTheConventionalName_IsTheConfigTheCheckValidates(string image, string input, string destination, string argv, string reads)
    {
        var spec = input.EndsWith('/') ? Directory(input) : File(input);
        Run("edge", image, [], FakeRuntime.Bind(_dir.PathOf(input.TrimEnd('/')), destination));

        // A file input mounted on its own also gets single_file_mount (info with restart).
        var finding = Assert.Single(await ExamineAsync(Service("edge", spec)), f => f.Code == DoctorCodes.CheckSuggested);

        Assert.Equal($"add `check: {{exec: {argv}}}` under services.edge (see docs/check.md)", finding.Fix);
        Assert.EndsWith($"; it reads {reads}", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileOfADirectoryInput_MountedAsTheCaddyfile_IsNamed()
    {
        Run("edge", "caddy:2", [], FakeRuntime.Bind(_dir.PathOf("configs/edge.caddy"), "/etc/caddy/Caddyfile"));

        var finding = Assert.Single(await ExamineAsync(Service("edge", Directory("configs/"))), f => f.Code == DoctorCodes.CheckSuggested);

        Assert.EndsWith("it reads /etc/caddy/Caddyfile (input configs/edge.caddy is mounted there)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralMountedConventionalFiles_TheDefaultLocationWins()
    {
        _dir.Write("configs/ha/haproxy.cfg", "global\n");
        Run(
            "lb",
            "haproxy",
            [],
            FakeRuntime.Bind(_dir.PathOf("configs/lb.cfg"), "/srv/haproxy.cfg"),
            FakeRuntime.Bind(_dir.PathOf("configs/ha"), "/usr/local/etc/haproxy"));

        var finding = Assert.Single(await ExamineAsync(Service("lb", File("configs/lb.cfg"), Directory("configs/ha/"))), f => f.Code == DoctorCodes.CheckSuggested);

        Assert.EndsWith("it reads /usr/local/etc/haproxy/haproxy.cfg (input configs/ha/haproxy.cfg is mounted there)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLine_WinsOverAMountedConventionalFile()
    {
        Run("web", "nginx", ["nginx", "-c", "/etc/nginx/main.conf"], FakeRuntime.Bind(_dir.PathOf("configs/nginx"), "/opt/nginx"));

        var finding = Assert.Single(await ExamineAsync(Service("web", Directory("configs/nginx/"))));

        Assert.Equal("add `check: {exec: [nginx, -t, -c, /etc/nginx/main.conf]}` under services.web (see docs/check.md)", finding.Fix);
    }

    [Fact]
    public async Task ManagedService_WithoutAContainer_GoesByItsSpecsImageAndVolumes()
    {
        var managed = new ManagedSpec("haproxytech/haproxy-alpine:3.0", [], new Dictionary<string, string>(), [], [new VolumeBinding(_dir.PathOf("configs/lb.cfg"), "/etc/lb/haproxy.cfg", true)], "SIGTERM", ManagedSpec.DefaultStopGrace);
        var service = Service("lb", File("configs/lb.cfg")) with { Managed = managed, Apply = ApplyMode.Recreate };

        var findings = await ExamineAsync(service);

        Assert.Equal([DoctorCodes.ContainerMissing, DoctorCodes.CheckSuggested], findings.Select(f => f.Code));
        Assert.Equal("add `check: {exec: [haproxy, -c, -f, /etc/lb/haproxy.cfg]}` under services.lb (see docs/check.md)", findings[1].Fix);
    }

    [Fact]
    public async Task ManagedSpecImage_IsPreferredToTheContainersOwn()
    {
        var managed = new ManagedSpec("nginx:1.27", [], new Dictionary<string, string>(), [], [], "SIGTERM", ManagedSpec.DefaultStopGrace);
        Run("web", "driftless-test/busybox", [], FakeRuntime.Bind(_dir.PathOf("configs/nginx"), "/etc/nginx"));

        var finding = Assert.Single(await ExamineAsync(Service("web", Directory("configs/nginx/")) with { Managed = managed }));

        Assert.Contains("image nginx:1.27 runs nginx", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceWithACheck_UnknownImage_OrNoContainerAndNoManagedImage_NoSuggestion()
    {
        var checkedService = Service("checked", Directory("configs/caddy/")) with { Check = new CheckSpec(["caddy", "version"], CheckSpec.DefaultTimeout, CheckLocation.Host) };
        Run("checked", "caddy", [], FakeRuntime.Bind(_dir.PathOf("configs/caddy"), "/etc/caddy"));
        Run("exporter", "nginx/nginx-prometheus-exporter", [], FakeRuntime.Bind(_dir.PathOf("configs/nginx"), "/etc/nginx"));
        Run("unknown", string.Empty, ["nginx"], FakeRuntime.Bind(_dir.PathOf("configs/nginx"), "/etc/nginx"));

        var findings = await ExamineAsync(
            checkedService,
            Service("exporter", Directory("configs/nginx/")),
            Service("unknown", Directory("configs/nginx/")),
            Service("absent", Directory("configs/nginx/")));

        Assert.Equal([("absent", DoctorCodes.ContainerMissing)], findings.Select(f => (f.Service, f.Code)));
    }

    [Fact]
    public async Task Suggestion_IsInfo_SortedAfterTheServicesWarnings()
    {
        Run("edge", "caddy", [], FakeRuntime.Bind(_dir.PathOf("configs/caddy"), "/etc/caddy"));
        _runtime.Kill("edge");

        var findings = await ExamineAsync(Service("edge", Directory("configs/caddy/")));

        Assert.Equal(
            [(Severity.Warning, DoctorCodes.ContainerNotRunning), (Severity.Info, DoctorCodes.CheckSuggested)],
            findings.Select(f => (f.Severity, f.Code)));
    }

    [Theory]
    [InlineData("/etc/caddy/Caddyfile")]
    [InlineData("/etc/my caddy/Caddyfile")]
    [InlineData("/etc/a \"b\" \\c #d: e, [f]/Caddyfile")]
    [InlineData("/etc/-/x,y{z}/Caddyfile")]
    public async Task PastedFix_LoadsAsTheSuggestedCheck(string config)
    {
        Run("edge", "caddy", ["caddy", "run", "--config", config]);
        var finding = Assert.Single(await ExamineAsync(Service("edge")));
        var snippet = finding.Fix.Split('`')[1];
        using var files = new RegistryFiles(RegistryCases.Environment);

        var loaded = Assert.Single((await files.LoadAsync(RegistryCases.Gw(snippet))).Services);

        Assert.NotNull(loaded.Check);
        Assert.Equal(["caddy", "validate", "--config", config, "--adapter", "caddyfile"], loaded.Check.Exec);
        Assert.Equal(CheckLocation.Container, loaded.Check.Where);
    }

    private Task<IReadOnlyList<DoctorFinding>> ExamineAsync(params ServiceSpec[] services) =>
        new DoctorCheck(_runtime, new FakeProbe(), _ => null)
            .ExamineAsync(new DriftlessRegistry(_dir.PathOf("driftless.yaml"), _dir.Root, "demo", [], _dir.PathOf(".driftless"), services), CancellationToken.None);

    private void Run(string service, string image, string[] command, params MountInfo[] mounts)
    {
        _runtime.Run(service, mounts);
        _runtime.Containers[service] = _runtime.Containers[service] with { ImageReference = image, Command = command };
    }

    private InputSpec File(string relative) => new(relative, _dir.PathOf(relative), InputKind.File);

    private InputSpec Directory(string relative) => new(relative, _dir.PathOf(relative.TrimEnd('/')), InputKind.Directory);

    private static ServiceSpec Service(string name, params InputSpec[] inputs) =>
        new(name, null, inputs, ApplyMode.Restart, null, new VerifySpec(TimeSpan.Zero));
}
