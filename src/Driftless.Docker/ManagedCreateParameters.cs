using System.Globalization;
using Docker.DotNet.Models;
using Driftless.Core.Runtime;

namespace Driftless.Docker;

/// <summary>
/// Translates a <see cref="ManagedContainerRequest"/> into the Engine API create body: the stop signal and
/// grace are baked into the container, so a plain <c>docker stop</c> by anyone is graceful too.
/// </summary>
internal static class ManagedCreateParameters
{
    public static CreateContainerParameters For(ManagedContainerRequest request)
    {
        var spec = request.Spec;
        var exposed = new Dictionary<string, EmptyStruct>(StringComparer.Ordinal);
        var bindings = new Dictionary<string, IList<PortBinding>>(StringComparer.Ordinal);
        foreach (var port in spec.Ports)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{port.ContainerPort}/{port.Protocol}");
            exposed[key] = default;
            if (!bindings.TryGetValue(key, out var list))
            {
                bindings[key] = list = [];
            }

            list.Add(new PortBinding { HostIP = port.HostIp, HostPort = port.HostPort.ToString(CultureInfo.InvariantCulture) });
        }

        var parameters = new CreateContainerParameters
        {
            Name = request.Name,
            Image = spec.Image,
            Env = [.. spec.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")],
            Labels = new Dictionary<string, string>(request.Labels, StringComparer.Ordinal),
            StopSignal = spec.StopSignal,
            StopTimeout = TimeSpan.FromSeconds(Math.Ceiling(Math.Max(0, spec.StopGrace.TotalSeconds))),
            ExposedPorts = exposed,
            HostConfig = new HostConfig
            {
                PortBindings = bindings,
                Binds = [.. spec.Volumes.Select(v => $"{v.HostPath}:{v.ContainerPath}:{(v.ReadOnly ? "ro" : "rw")}")],
            },
        };
        if (spec.Command.Count > 0)
        {
            // Empty keeps the image's own command (an empty Cmd would be sent as "no command").
            parameters.Cmd = [.. spec.Command];
        }

        return parameters;
    }
}
