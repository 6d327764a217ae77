using System.Globalization;
using Driftless.Core.Observation;
using Driftless.Core.Paths;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Secrets;

namespace Driftless.Core.Doctor;

/// <summary>
/// Lints a registry against what the runtime reports about the live containers: mounts that defeat
/// the service's mode, inputs nothing can verify, reload endpoints and signals that cannot work.
/// Reads only; never applies, never sends a reload request.
/// </summary>
public sealed class Doctor
{
    /// <summary>How long a reload endpoint gets to accept a TCP connection.</summary>
    public static readonly TimeSpan ProbeTimeout = ReloadEndpointCheck.ProbeTimeout;

    private const string PreferDirMounts = "PREFER_DIR_MOUNTS_FOR_CONFIG";

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "ash", "dash", "zsh" };

    private readonly IContainerRuntime _runtime;
    private readonly ReloadEndpointCheck _reload;
    private readonly Func<string, string?> _environment;

    /// <param name="environment">Resolves <c>${VAR}</c> in templates; default: this process's environment.</param>
    public Doctor(IContainerRuntime runtime, IEndpointProbe probe, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(probe);
        _runtime = runtime;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _reload = new ReloadEndpointCheck(probe, _environment);
    }

    /// <returns>Findings sorted by service, then severity (errors first).</returns>
    public async Task<IReadOnlyList<DoctorFinding>> ExamineAsync(DriftlessRegistry registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var perService = await Task.WhenAll(registry.Services.Select(s => ExamineServiceAsync(registry, s, cancellationToken)));

        // SECRETS_SHOW_TEMPLATES: findings are composed from templates; the redactor is defence in depth.
        var redactor = SecretRedactor.For(registry, _environment);
        return perService
            .SelectMany(f => f)
            .Select(f => f with { Message = redactor.Redact(f.Message), Fix = redactor.Redact(f.Fix) })
            .OrderBy(f => f.Service, StringComparer.Ordinal)
            .ThenBy(f => f.Severity)
            .ToList();
    }

    private async Task<List<DoctorFinding>> ExamineServiceAsync(DriftlessRegistry registry, ServiceSpec service, CancellationToken cancellationToken)
    {
        var reload = service is { Apply: ApplyMode.ReloadHttp, Reload: not null }
            ? _reload.ProbeAsync(service, service.Reload, cancellationToken)
            : Task.FromResult<DoctorFinding?>(null);
        var findings = service.Inputs
            .Where(i => i.OutsideBaseDirectory)
            .Select(i => new DoctorFinding(
                Severity.Warning,
                service.Name,
                DoctorCodes.InputOutsideRegistry,
                $"input '{i.Declared}' lies outside the registry's directory {registry.BaseDirectory} ({i.FullPath})",
                "keep configuration inputs inside the registry's directory, or make sure this path is meant to be read"))
            .ToList();
        var container = await _runtime.FindAsync(service.TargetIn(registry), cancellationToken);
        if (container is null)
        {
            findings.Add(Missing(registry, service));
        }
        else
        {
            if (!container.Running)
            {
                // Mounts and command are part of the container's config: still worth checking while it is stopped.
                findings.Add(new DoctorFinding(
                    Severity.Warning,
                    service.Name,
                    DoctorCodes.ContainerNotRunning,
                    $"container {container.Name} is {container.Status}: what its process sees cannot be verified",
                    $"start it (`docker start {container.Name}`) or run `driftless apply`"));
            }

            findings.AddRange(CheckMounts(registry, service, container));
            if (SignalNotForwarded(service, container) is { } signal)
            {
                findings.Add(signal);
            }
        }

        if (CheckSuggestion.For(service, container) is { } suggestion)
        {
            findings.Add(suggestion);
        }

        if (await reload is { } unreachable)
        {
            findings.Add(unreachable);
        }

        return findings;
    }

    private static DoctorFinding Missing(DriftlessRegistry registry, ServiceSpec service)
    {
        var what = service.Container is { } name ? $"container {name}" : $"container of compose service {registry.Project}/{service.Name}";
        var start = service.Container is { } explicitName ? $"`docker start {explicitName}`" : $"`docker compose up -d {service.Name}`";
        return service.Apply == ApplyMode.Recreate
            ? new DoctorFinding(
                Severity.Warning,
                service.Name,
                DoctorCodes.ContainerMissing,
                $"no {what} exists; apply: recreate will create it",
                $"run `driftless apply` (or {start})")
            : new DoctorFinding(
                Severity.Error,
                service.Name,
                DoctorCodes.ContainerMissing,
                $"no {what} exists, and apply: {service.Apply.Name()} cannot create one",
                $"create it ({start}), or use `apply: recreate`");
    }

    private static IEnumerable<DoctorFinding> CheckMounts(DriftlessRegistry registry, ServiceSpec service, RuntimeContainer container)
    {
        var baseDirectory = RealPath.Resolve(registry.BaseDirectory);
        var mounts = BindMounts.Of(container.Mounts);
        foreach (var input in service.Inputs)
        {
            var path = RealPath.Resolve(input.FullPath);
            if (mounts.Covering(path) is { } covering)
            {
                if (SingleFileMount(baseDirectory, service, input.Declared, covering) is { } finding)
                {
                    yield return finding;
                }

                continue;
            }

            // A directory input may be served file by file (mounts inside it); the process view reports the gaps.
            var inside = input.Kind == InputKind.Directory ? mounts.Inside(path).ToList() : [];
            if (inside.Count == 0)
            {
                var hostDirectory = Display(baseDirectory, input.Kind == InputKind.Directory ? path : Path.GetDirectoryName(path)!);
                yield return new DoctorFinding(
                    Severity.Error,
                    service.Name,
                    DoctorCodes.InputNotMounted,
                    $"input {input.Declared} is not covered by any mount of container {container.Name}: what the process reads of it cannot be verified",
                    $"bind-mount its directory into the container, e.g. add `- {hostDirectory}:/etc/{service.Name}/:ro` to the service's volumes ({PreferDirMounts})");
                continue;
            }

            foreach (var mount in inside)
            {
                if (SingleFileMount(baseDirectory, service, Relative(baseDirectory, mount.Source), mount) is { } finding)
                {
                    yield return finding;
                }
            }
        }
    }

    private static DoctorFinding? SingleFileMount(string baseDirectory, ServiceSpec service, string declared, HostMount mount)
    {
        // Directory mounts see renames; a source that is neither here (remote engine) cannot be judged.
        if (!string.Equals(mount.Mount.Type, "bind", StringComparison.Ordinal) || !File.Exists(mount.Source))
        {
            return null;
        }

        var destination = mount.Mount.Destination;
        var hostDirectory = Display(baseDirectory, Path.GetDirectoryName(mount.Source)!);
        var containerDirectory = Path.GetDirectoryName(destination.TrimEnd('/')) is { Length: > 0 } parent
            ? parent.TrimEnd('/') + "/"
            : "/";
        var fix = $"mount the directory {hostDirectory} at {containerDirectory} instead of the file ({PreferDirMounts})";
        var what = $"{declared} is a single-file bind mount (at {destination})";
        var mode = service.Apply.Name();
        return service.Apply switch
        {
            _ when service.Apply.IsInPlace() && service.OnStaleMount == StaleMountAction.Fail => new DoctorFinding(
                Severity.Error,
                service.Name,
                DoctorCodes.SingleFileMount,
                $"{what} used with apply: {mode}: after an rsync or atomic save the process keeps the old inode, and with on_stale_mount: fail every such apply fails",
                fix),
            _ when service.Apply.IsInPlace() => new DoctorFinding(
                Severity.Warning,
                service.Name,
                DoctorCodes.SingleFileMount,
                $"{what} used with apply: {mode}: after an rsync or atomic save the process keeps the old inode, so every such apply escalates to on_stale_mount: {service.OnStaleMount.ToString().ToLowerInvariant()}",
                fix),
            ApplyMode.None => new DoctorFinding(
                Severity.Warning,
                service.Name,
                DoctorCodes.SingleFileMount,
                $"{what} used with apply: none: after an rsync or atomic save the process keeps the old inode and nothing restarts it, so the apply fails verification",
                fix),
            _ => new DoctorFinding(
                Severity.Info,
                service.Name,
                DoctorCodes.SingleFileMount,
                $"{what}: works with apply: {mode} (a restart re-resolves the inode), but between applies the process keeps reading the old file",
                fix),
        };
    }

    private static DoctorFinding? SignalNotForwarded(ServiceSpec service, RuntimeContainer container)
    {
        if (service.Apply != ApplyMode.Signal || container.Command.Count == 0)
        {
            return null;
        }

        var command = container.Command;
        var first = Path.GetFileName(command[0]);
        string? shell = Shells.Contains(first)
            ? first
            : first == "busybox" && command.Count > 1 && Shells.Contains(Path.GetFileName(command[1])) ? $"busybox {Path.GetFileName(command[1])}" : null;
        if (shell is null || ExecsFromShell(command))
        {
            return null;
        }

        var signal = service.Signal ?? "the signal";
        var route = container.Init
            ? $"docker-init (init: true) passes {signal} to the shell `{shell}`, and the shell does not pass it on to the server it started"
            : $"the main process is the shell `{shell}`, which does not pass {signal} on to the server it started";
        return new DoctorFinding(
            Severity.Warning,
            service.Name,
            DoctorCodes.SignalNotForwarded,
            $"apply: signal cannot reach the server: {route}",
            "exec the server directly (CMD [\"nginx\", ...]) or `exec` it from the shell (sh -c 'exec nginx ...')");
    }

    // `sh -c 'exec server ...'` replaces the shell: the signal reaches the server.
    private static bool ExecsFromShell(IReadOnlyList<string> command)
    {
        for (var i = 1; i < command.Count - 1; i++)
        {
            if (command[i] == "-c")
            {
                return command[i + 1].TrimStart().StartsWith("exec ", StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>A host directory as the user writes it in compose: <c>./configs/</c> beside the registry, else absolute.</summary>
    private static string Display(string baseDirectory, string directory)
    {
        if (string.Equals(directory, baseDirectory, StringComparison.Ordinal))
        {
            return "./";
        }

        return BindMounts.Covers(baseDirectory, directory) ? "./" + Relative(baseDirectory, directory) + "/" : directory.TrimEnd('/') + "/";
    }

    private static string Relative(string baseDirectory, string path) =>
        BindMounts.Covers(baseDirectory, path) ? Path.GetRelativePath(baseDirectory, path).Replace('\\', '/') : path;
}
