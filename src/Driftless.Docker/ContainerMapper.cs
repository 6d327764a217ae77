using System.Globalization;
using Docker.DotNet.Models;
using Driftless.Core.Runtime;

namespace Driftless.Docker;

internal static class ContainerMapper
{
    public static RuntimeContainer ToRuntime(ContainerInspectResponse inspected)
    {
        var state = inspected.State;
        var labels = inspected.Config?.Labels is { } configured
            ? new Dictionary<string, string>(configured, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var mounts = (inspected.Mounts ?? [])
            .Select(m => new MountInfo(m.Type ?? string.Empty, m.Source ?? string.Empty, m.Destination ?? string.Empty, m.RW))
            .ToList();
        return new RuntimeContainer(
            inspected.ID,
            (inspected.Name ?? string.Empty).TrimStart('/'),
            state?.Running ?? false,
            state?.Status ?? "unknown",
            ParseTimestamp(state?.StartedAt),
            inspected.RestartCount,
            state?.Running == true ? state.Pid : 0,
            state?.ExitCode ?? 0,
            inspected.Config?.StopTimeout,
            labels,
            mounts)
        {
            Command = [.. new[] { inspected.Path }.Where(p => !string.IsNullOrEmpty(p)), .. inspected.Args ?? []],
            Init = inspected.HostConfig?.Init ?? false,
            Image = inspected.Image ?? inspected.Config?.Image ?? string.Empty,
            ImageReference = inspected.Config?.Image ?? string.Empty,
            Created = ToUtc(inspected.Created),
            Process = ProcessSettings(inspected.Config),
        };
    }

    private static ContainerProcessSettings ProcessSettings(ContainerConfig? config)
    {
        if (config is null)
        {
            return ContainerProcessSettings.None;
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in config.Env ?? [])
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                environment[entry[..equals]] = entry[(equals + 1)..];
            }
        }

        return new ContainerProcessSettings(
            environment,
            string.IsNullOrEmpty(config.WorkingDir) ? null : config.WorkingDir,
            string.IsNullOrEmpty(config.User) ? null : config.User);
    }

    /// <summary>The client deserialises timestamps as UTC or local <see cref="DateTime"/>s; unspecified means UTC.</summary>
    internal static DateTimeOffset ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };

    /// <summary>The engine prints nanoseconds; .NET parses at most seven fractional digits. Zero time means never.</summary>
    internal static DateTimeOffset? ParseTimestamp(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.StartsWith("0001-01-01", StringComparison.Ordinal))
        {
            return null;
        }

        var text = value;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            var fraction = text[(dot + 1)..end];
            if (fraction.Length > 7)
            {
                text = text[..(dot + 1)] + fraction[..7] + text[end..];
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
    }
}
