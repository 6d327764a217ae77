using System.Net;
using System.Net.Sockets;
using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary><c>managed:</c> — a container Driftless creates and replaces itself, instead of compose.</summary>
internal sealed partial class RegistryParser
{
    private static readonly string[] ManagedKeys = ["image", "command", "env", "ports", "volumes", "stop_signal", "stop_grace"];
    private static readonly string[] Protocols = ["tcp", "udp"];

    /// <summary><c>managed:</c> and <c>wait:</c> of one service, after the rest of it is read.</summary>
    private (ManagedSpec? Managed, WaitSpec? Wait) ParseAgentServiceKeys(Dictionary<string, Entry> service, string path)
    {
        ManagedSpec? managed = null;
        if (service.TryGetValue("managed", out var managedEntry))
        {
            if (service.TryGetValue("container", out var containerEntry))
            {
                throw Error(containerEntry.Key, $"{path}.container", "managed: and container: cannot be combined: a managed service's container is created and named by Driftless");
            }

            if (service.TryGetValue("stop_grace", out var graceEntry))
            {
                throw Error(graceEntry.Key, $"{path}.stop_grace", "for a managed service, stop_grace goes under managed: (it is baked into the container)");
            }

            managed = ParseManaged(managedEntry, $"{path}.managed");
        }

        var wait = service.TryGetValue("wait", out var waitEntry) ? ParseWait(waitEntry.Value, $"{path}.wait") : null;
        return (managed, wait);
    }

    private ManagedSpec ParseManaged(Entry entry, string path)
    {
        var map = ReadMapping(RequireMapping(entry.Value, path), path, ManagedKeys);
        if (!map.TryGetValue("image", out var imageEntry))
        {
            throw Error(entry.Key, $"{path}.image", "missing required key 'image' (the image to run, e.g. gateway:v2; it must exist locally)");
        }

        var image = RequireString(imageEntry.Value, $"{path}.image");
        if (image.Any(char.IsWhiteSpace))
        {
            throw Error(imageEntry.Value, $"{path}.image", $"invalid image reference '{image}': it cannot contain whitespace");
        }

        return new ManagedSpec(
            image,
            map.TryGetValue("command", out var commandEntry) ? ParseCommand(commandEntry.Value, $"{path}.command") : [],
            map.TryGetValue("env", out var envEntry) ? ParseEnvironment(envEntry.Value, $"{path}.env") : new Dictionary<string, string>(StringComparer.Ordinal),
            map.TryGetValue("ports", out var portsEntry) ? ParsePorts(portsEntry.Value, $"{path}.ports") : [],
            map.TryGetValue("volumes", out var volumesEntry) ? ParseVolumes(volumesEntry.Value, $"{path}.volumes") : [],
            map.TryGetValue("stop_signal", out var signalEntry) ? ParseSignal(signalEntry, $"{path}.stop_signal") : ManagedSpec.DefaultStopSignal,
            map.TryGetValue("stop_grace", out var graceEntry) ? ParseDuration(graceEntry.Value, $"{path}.stop_grace") : ManagedSpec.DefaultStopGrace);
    }

    /// <summary>argv; an empty list keeps the image's own command. Never a shell string.</summary>
    private List<string> ParseCommand(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            throw Error(node, path, "use a list (argv), not a shell string, e.g. [/bin/gateway, --config, /etc/gw]");
        }

        var list = RequireSequence(node, path);
        var argv = new List<string>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            argv.Add(i == 0 ? RequireString(item, $"{path}[0]") : RequireScalar(item, $"{path}[{i}]"));
        }

        return argv;
    }

    /// <summary>
    /// Name → value; numbers and booleans are taken as written. <c>${VAR}</c> in values is expanded now (the container
    /// needs the value, and a changed value must change the spec hash); messages name the key and variable, never a value.
    /// </summary>
    private Dictionary<string, string> ParseEnvironment(YamlNode node, string path)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in RequireMapping(node, path).Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name } keyScalar || IsNull(keyScalar))
            {
                throw Error(keyNode, path, $"environment variable names must be strings, not {Describe(keyNode)}");
            }

            var keyPath = $"{path}.{name}";
            if (name.Contains('=', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace) || name.Contains('\0', StringComparison.Ordinal))
            {
                throw Error(keyNode, keyPath, $"invalid environment variable name '{name}': it cannot contain '=', whitespace or NUL");
            }

            if (valueNode is not YamlScalarNode { Value: { } value } valueScalar || IsNull(valueScalar))
            {
                throw Error(valueNode, keyPath, $"must be a string, number or boolean (write \"\" for an empty value), not {DescribeSecret(valueNode)}");
            }

            RequireSetVariables(valueNode, keyPath, value);
            env[name] = EnvironmentTemplate.Expand(value, environment);
        }

        return env;
    }

    /// <summary><c>[host_ip:]host_port:container_port[/tcp|/udp]</c>; an IPv6 host_ip goes in brackets.</summary>
    private List<PortBinding> ParsePorts(YamlNode node, string path)
    {
        var list = RequireSequence(node, path);
        var ports = new List<PortBinding>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemPath = $"{path}[{i}]";
            var port = ParsePort(item, itemPath, RequireString(item, itemPath));
            if (ports.Any(p => p.HostIp == port.HostIp && p.HostPort == port.HostPort && p.Protocol == port.Protocol))
            {
                throw Error(item, itemPath, $"host port {port.HostPort}/{port.Protocol} is already published");
            }

            ports.Add(port);
        }

        return ports;
    }

    private PortBinding ParsePort(YamlNode node, string path, string text)
    {
        const string usage = "use [host_ip:]host_port:container_port[/tcp|/udp], e.g. 127.0.0.1:8080:8080";
        var spec = text;
        var protocol = "tcp";
        var slash = spec.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = spec[(slash + 1)..].ToLowerInvariant();
            if (!Protocols.Contains(protocol, StringComparer.Ordinal))
            {
                throw Error(node, path, $"unknown protocol '{spec[(slash + 1)..]}' in '{text}'; use tcp or udp");
            }

            spec = spec[..slash];
        }

        var hostIp = string.Empty;
        if (spec.StartsWith('['))
        {
            var close = spec.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= spec.Length || spec[close + 1] != ':')
            {
                throw Error(node, path, $"invalid port mapping '{text}'; {usage}");
            }

            hostIp = spec[1..close];
            if (!IPAddress.TryParse(hostIp, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw Error(node, path, $"'{hostIp}' in '{text}' is not an IPv6 address");
            }

            spec = spec[(close + 2)..];
        }

        var parts = spec.Split(':');
        if (hostIp.Length == 0 && parts.Length == 3)
        {
            hostIp = parts[0];
            if (Uri.CheckHostName(hostIp) != UriHostNameType.IPv4)
            {
                throw Error(node, path, $"'{hostIp}' in '{text}' is not an IP address (write IPv6 addresses in brackets)");
            }

            parts = parts[1..];
        }

        if (parts.Length != 2)
        {
            throw Error(node, path, $"invalid port mapping '{text}'; {usage}");
        }

        if (!TryParsePort(parts[0], out var hostPort) || !TryParsePort(parts[1], out var containerPort))
        {
            var bad = TryParsePort(parts[0], out _) ? parts[1] : parts[0];
            throw Error(node, path, $"invalid port '{bad}' in '{text}'; a port is a number from 1 to 65535");
        }

        return new PortBinding(hostIp, hostPort, containerPort, protocol);
    }

    /// <summary><c>host:container[:ro|:rw]</c>; a relative host path resolves against the registry's directory.</summary>
    private List<VolumeBinding> ParseVolumes(YamlNode node, string path)
    {
        const string usage = "use host_path:container_path[:ro|:rw], e.g. ./configs/gw:/etc/gw:ro";
        var list = RequireSequence(node, path);
        var volumes = new List<VolumeBinding>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemPath = $"{path}[{i}]";
            var text = RequireString(item, itemPath);
            var parts = text.Split(':');
            var readOnly = false;
            if (parts.Length == 3)
            {
                readOnly = parts[2] switch
                {
                    "ro" => true,
                    "rw" => false,
                    _ => throw Error(item, itemPath, $"unknown mount option '{parts[2]}' in '{text}'; use ro or rw"),
                };
            }
            else if (parts.Length != 2)
            {
                throw Error(item, itemPath, $"invalid volume '{text}'; {usage}");
            }

            if (parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw Error(item, itemPath, $"invalid volume '{text}'; {usage}");
            }

            if (!parts[1].StartsWith('/'))
            {
                throw Error(item, itemPath, $"the container path '{parts[1]}' must be absolute (start with '/')");
            }

            var binding = new VolumeBinding(Path.GetFullPath(parts[0], _baseDirectory), parts[1], readOnly);
            if (volumes.Any(v => v.ContainerPath == binding.ContainerPath))
            {
                throw Error(item, itemPath, $"container path '{binding.ContainerPath}' is already mounted");
            }

            volumes.Add(binding);
        }

        return volumes;
    }

    /// <summary>Any scalar, including an empty string (an argument may be empty).</summary>
    private string RequireScalar(YamlNode node, string path) =>
        node is YamlScalarNode { Value: { } value } scalar && !IsNull(scalar)
            ? value
            : throw Error(node, path, $"must be a string, not {Describe(node)}");

    /// <summary>Like <see cref="Describe"/>, but never quotes a value (environment values may be secrets).</summary>
    private static string DescribeSecret(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode => "an empty value",
        _ => "an alias",
    };
}
