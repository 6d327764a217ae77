using Docker.DotNet.Models;
using Driftless.Core.Runtime;

namespace Driftless.Docker;

/// <summary>
/// The Engine API create body of a check container: the argv exactly (as entrypoint, so no image entrypoint
/// script runs first), the service's binds read-only as asked, no network, a read-only root with small tmpfs
/// scratch on <c>/tmp</c> and <c>/run</c>, memory and pids limits, no capabilities, no new privileges.
/// </summary>
internal static class CheckCreateParameters
{
    public const long MemoryBytes = 256L << 20;
    public const long PidsLimit = 128;
    private const string Scratch = "rw,noexec,nosuid,nodev,size=16m";

    public static CreateContainerParameters For(CheckRun run, IDictionary<string, string> labels)
    {
        var targets = run.Mounts.Select(m => m.Target.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        var parameters = new CreateContainerParameters
        {
            Image = run.Image,
            Entrypoint = [run.Argv[0]],
            Cmd = [.. run.Argv.Skip(1)],
            Env = [.. run.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")],
            Labels = labels,
            NetworkDisabled = true,
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                ReadonlyRootfs = true,
                Tmpfs = new[] { "/tmp", "/run" }.Where(p => !targets.Contains(p)).ToDictionary(p => p, _ => Scratch, StringComparer.Ordinal),
                Memory = MemoryBytes,
                MemorySwap = MemoryBytes,
                PidsLimit = PidsLimit,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                Privileged = false,
                Mounts = [.. run.Mounts.Select(m => new Mount { Type = "bind", Source = m.Source, Target = m.Target, ReadOnly = m.ReadOnly })],

                // Read back after exit (the last lines only); bounded on disk whatever the check prints.
                LogConfig = new LogConfig { Type = "json-file", Config = new Dictionary<string, string>(StringComparer.Ordinal) { ["max-size"] = "1m" } },
            },
        };
        if (run.WorkingDirectory is { } directory)
        {
            parameters.WorkingDir = directory;
        }

        if (run.User is { } user)
        {
            parameters.User = user;
        }

        return parameters;
    }
}
