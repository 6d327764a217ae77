using System.Globalization;
using System.Text.Json;
using Driftless.Core.Hashing;

namespace Driftless.Core.Registry;

/// <summary>The canonical form of a <see cref="ManagedSpec"/> and the labels that identify managed containers.</summary>
public static class ManagedSpecs
{
    /// <summary>Label on every container Driftless creates: <c>&lt;project&gt;/&lt;service&gt;</c>. Only these are ever removed.</summary>
    public const string ManagedLabel = "io.driftless.managed";

    /// <summary>Label holding the spec hash the container was created from (used to adopt after a crash or agent restart).</summary>
    public const string SpecLabel = "io.driftless.spec";

    public static string LabelValue(string project, string service) => $"{project}/{service}";

    /// <summary>
    /// Canonical JSON: fixed key order, environment sorted ordinally, durations in milliseconds. Two specs
    /// that mean the same container give the same bytes, whatever the order they were written in.
    /// </summary>
    public static byte[] CanonicalJson(ManagedSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("image", spec.Image);
            WriteStrings(json, "command", spec.Command);
            json.WriteStartObject("env");
            foreach (var (key, value) in spec.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            WriteStrings(json, "ports", spec.Ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.HostIp}:{p.HostPort}:{p.ContainerPort}/{p.Protocol}")));
            WriteStrings(json, "volumes", spec.Volumes.Select(v => $"{v.HostPath}:{v.ContainerPath}:{(v.ReadOnly ? "ro" : "rw")}"));
            json.WriteString("stop_signal", spec.StopSignal);
            json.WriteNumber("stop_grace_ms", (long)spec.StopGrace.TotalMilliseconds);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary><c>sha256:</c> of <see cref="CanonicalJson"/>. Recorded in state and on the container's <see cref="SpecLabel"/>.</summary>
    public static string Hash(ManagedSpec spec) => HashFormat.Digest(CanonicalJson(spec));

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
