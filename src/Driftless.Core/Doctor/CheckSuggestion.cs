using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Driftless.Core.Observation;
using Driftless.Core.Paths;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Doctor;

/// <summary>
/// The <c>info</c> finding for a service with no <c>check:</c> whose image doctor recognises (<see cref="WellKnownImage"/>):
/// a ready-to-paste <c>check:</c> that validates the configuration the server reads. Built only from what doctor already
/// has (the registry and the one inspect of the container): no engine call of its own.
/// </summary>
internal static partial class CheckSuggestion
{
    /// <param name="container">The service's container as inspected; null when there is none.</param>
    /// <returns>Null when the service has a check, or no image to go by (no container, not managed), or one doctor does not know.</returns>
    public static DoctorFinding? For(ServiceSpec service, RuntimeContainer? container)
    {
        ArgumentNullException.ThrowIfNull(service);
        var reference = service.Managed?.Image ?? container?.ImageReference;
        if (service.Check is not null || string.IsNullOrEmpty(reference) || WellKnownImage.Recognise(reference) is not { } image)
        {
            return null;
        }

        var command = ServerCommandLine.Of(container is { Command.Count: > 0 } ? container.Command : service.Managed?.Command ?? [], image.Program);
        var mounts = container?.Mounts
            ?? service.Managed?.Volumes.Select(v => new MountInfo("bind", v.HostPath, v.ContainerPath, !v.ReadOnly)).ToList()
            ?? [];
        var (config, why) = ConfigPath(image, command, service, BindMounts.Of(mounts));
        return new DoctorFinding(
            Severity.Info,
            service.Name,
            DoctorCodes.CheckSuggested,
            $"no check: configured, and image {reference} runs {image.Product}, whose own validator can refuse a bad configuration before an apply touches the service; it reads {config} ({why})",
            $"add `check: {{exec: {Flow(image.Check(config, command))}}}` under services.{service.Name} (see docs/check.md)");
    }

    /// <summary>
    /// What the server reads: the file its command line names; else its conventional file among the mounted inputs
    /// (the default location first); else the image's default.
    /// </summary>
    private static (string Path, string Why) ConfigPath(WellKnownImage image, ServerCommandLine command, ServiceSpec service, BindMounts mounts)
    {
        if (image.ConfigNamedBy(command) is { } named)
        {
            return (named, "named by the server's command line");
        }

        var mounted = MountedConfigs(image, service, mounts).ToList();
        var chosen = mounted.FirstOrDefault(m => string.Equals(m.ContainerPath, image.DefaultConfig, StringComparison.Ordinal)) ?? mounted.FirstOrDefault();
        return chosen is null
            ? (image.DefaultConfig, "the image's default")
            : (chosen.ContainerPath, $"input {chosen.Input} is mounted there");
    }

    /// <summary>The inputs' files the container sees under the server's conventional configuration name, and where.</summary>
    private static IEnumerable<MountedFile> MountedConfigs(WellKnownImage image, ServiceSpec service, BindMounts mounts)
    {
        foreach (var input in service.Inputs)
        {
            if (input.Kind == InputKind.File)
            {
                if (Visible(mounts, input.FullPath, image.ConfigFileName) is { } path)
                {
                    yield return new MountedFile(input.Declared, path);
                }

                continue;
            }

            var directory = input.Declared.TrimEnd('/') + "/";
            var conventional = Path.Combine(input.FullPath, image.ConfigFileName);
            if (File.Exists(conventional) && Visible(mounts, conventional, image.ConfigFileName) is { } inDirectory)
            {
                yield return new MountedFile(directory + image.ConfigFileName, inDirectory);
            }

            // A file of the directory mounted on its own under the conventional name (./configs/edge.caddy:/etc/caddy/Caddyfile).
            var real = RealPath.TryResolve(input.FullPath) ?? input.FullPath;
            foreach (var mount in mounts.Inside(real).Where(m => File.Exists(m.Source)))
            {
                if (string.Equals(Path.GetFileName(mount.Mount.Destination), image.ConfigFileName, StringComparison.Ordinal))
                {
                    yield return new MountedFile(directory + Path.GetRelativePath(real, mount.Source).Replace('\\', '/'), mount.Mount.Destination);
                }
            }
        }
    }

    /// <summary>Where the process sees <paramref name="hostFile"/>, when it sees it there under <paramref name="name"/>.</summary>
    private static string? Visible(BindMounts mounts, string hostFile, string name) =>
        mounts.Resolve(hostFile) is var (via, path)
        && string.Equals(Path.GetFileName(path), name, StringComparison.Ordinal)
        && !mounts.IsShadowed(path, via)
            ? path
            : null;

    /// <summary>A YAML flow sequence of the argv; an item that is not a safe plain scalar is double-quoted.</summary>
    internal static string Flow(IReadOnlyList<string> argv) => "[" + string.Join(", ", argv.Select(Scalar)) + "]";

    private static string Scalar(string item)
    {
        if (PlainScalar().IsMatch(item))
        {
            return item;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in item)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    // Letters, digits and `_ . / + = -`, not opening with a lone dash: YAML reads these the same plain in a flow sequence.
    [GeneratedRegex("^-*[A-Za-z0-9_./+=][A-Za-z0-9_./+=-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainScalar();

    private sealed record MountedFile(string Input, string ContainerPath);
}
