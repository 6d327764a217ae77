using YamlDotNet.RepresentationModel;

namespace Driftless.Core.Registry;

/// <summary><c>managed:</c> — a container Driftless creates and replaces itself, instead of compose.</summary>
internal sealed partial class RegistryParser
{
    private static readonly string[] ManagedKeys = ["image", "command", "env", "ports", "volumes", "stop_signal", "stop_grace"];

    /// <summary><c>managed:</c> of one service, and the service keys it excludes (reported at the key).</summary>
    private ManagedSpec? ParseManagedService(Mapping service, Entry managedEntry, string path)
    {
        if (service.TryGetValue("container", out var containerEntry))
        {
            Report(containerEntry.Key, $"{path}.container", "managed: and container: cannot be combined: a managed service's container is created and named by Driftless");
        }

        if (service.TryGetValue("stop_grace", out var graceEntry))
        {
            Report(graceEntry.Key, $"{path}.stop_grace", "for a managed service, stop_grace goes under managed: (it is baked into the container)");
        }

        return TryRead(() => ParseManaged(managedEntry, $"{path}.managed"), out var managed) ? managed : null;
    }

    private ManagedSpec ParseManaged(Entry entry, string path)
    {
        var map = ReadMapping(RequireMapping(entry.Value, path), path, ManagedKeys);
        var image = string.Empty;
        if (map.TryGetValue("image", out var imageEntry))
        {
            image = Read(imageEntry.Value, $"{path}.image", ParseImage, string.Empty);
        }
        else if (map.IsMissing("image"))
        {
            Report(entry.Key, $"{path}.image", "missing required key 'image' (the image to run, e.g. gateway:v2; it must exist locally)");
        }

        var templateVariables = new List<string>();
        return new ManagedSpec(
            image,
            Optional(map, path, "command", ParseCommand, []),
            Optional(map, path, "env", (node, envPath) => ParseEnvironment(node, envPath, templateVariables), new Dictionary<string, string>(StringComparer.Ordinal)),
            Optional(map, path, "ports", ParsePorts, []),
            Optional(map, path, "volumes", ParseVolumes, []),
            Optional(map, path, "stop_signal", ParseSignal, ManagedSpec.DefaultStopSignal),
            Optional(map, path, "stop_grace", ParseDuration, ManagedSpec.DefaultStopGrace))
        {
            TemplateVariables = templateVariables,
        };
    }

    private string ParseImage(YamlNode node, string path)
    {
        var image = RequireName(node, path);
        return image.Any(char.IsWhiteSpace)
            ? throw Error(node, path, $"invalid image reference '{image}': it cannot contain whitespace")
            : image;
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
            var itemPath = $"{path}[{i}]";
            var isProgram = i == 0;

            // The program must be named; its arguments may be empty strings.
            if (TryRead(() => isProgram ? RequireString(item, itemPath) : RequireScalar(item, itemPath), out var argument))
            {
                argv.Add(argument);
            }
        }

        return argv;
    }

    /// <summary>
    /// Name → value; numbers and booleans are taken as written. <c>${VAR}</c> in values is expanded now (the container
    /// needs the value, and a changed value must change the spec hash); messages name the key and variable, never a value.
    /// </summary>
    private Dictionary<string, string> ParseEnvironment(YamlNode node, string path, List<string> templateVariables)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in RequireMapping(node, path).Children)
        {
            if (TryRead(() => ParseVariable(keyNode, valueNode, path, templateVariables), out var variable))
            {
                env[variable.Name] = variable.Value;
            }
        }

        return env;
    }

    private (string Name, string Value) ParseVariable(YamlNode keyNode, YamlNode valueNode, string path, List<string> templateVariables)
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

        templateVariables.AddRange(RequireSetVariables(valueNode, keyPath, value));
        return (name, EnvironmentTemplate.Expand(value, environment));
    }

    /// <summary>Each item on its own; a host port (per address and protocol) is published once.</summary>
    private List<PortBinding> ParsePorts(YamlNode node, string path)
    {
        var ports = new List<PortBinding>();
        var published = new HashSet<(string, int, string)>();
        ReadItems(RequireSequence(node, path), path, (item, itemPath) =>
        {
            var port = ParsePort(item, itemPath, RequireString(item, itemPath));
            if (!published.Add((port.HostIp, port.HostPort, port.Protocol)))
            {
                throw Error(item, itemPath, $"host port {port.HostPort}/{port.Protocol} is already published");
            }

            ports.Add(port);
            return port;
        });
        return ports;
    }

    /// <summary><c>[host_ip:]host_port:container_port[/tcp|/udp]</c>; an IPv6 host_ip goes in brackets.</summary>
    private PortBinding ParsePort(YamlNode node, string path, string text)
    {
        const string usage = "use [host_ip:]host_port:container_port[/tcp|/udp], e.g. 127.0.0.1:8080:8080";
        var spec = text;
        var protocol = "tcp";
        var slash = spec.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = spec[(slash + 1)..].ToLowerInvariant();
            if (protocol is not ("tcp" or "udp"))
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
            if (!AddressSyntax.IsIPv6(hostIp))
            {
                throw Error(node, path, $"'{hostIp}' in '{text}' is not an IPv6 address");
            }

            spec = spec[(close + 2)..];
        }

        var parts = spec.Split(':');
        if (hostIp.Length == 0 && parts.Length == 3)
        {
            hostIp = parts[0];
            if (!AddressSyntax.IsIPv4(hostIp))
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

    /// <summary><c>host:container[:ro|:rw]</c>, each item on its own; a container path is mounted once.</summary>
    private List<VolumeBinding> ParseVolumes(YamlNode node, string path)
    {
        var volumes = new List<VolumeBinding>();
        var mounted = new HashSet<string>(StringComparer.Ordinal);
        ReadItems(RequireSequence(node, path), path, (item, itemPath) =>
        {
            var binding = ParseVolume(item, itemPath);
            if (!mounted.Add(binding.ContainerPath))
            {
                throw Error(item, itemPath, $"container path '{binding.ContainerPath}' is already mounted");
            }

            volumes.Add(binding);
            return binding;
        });
        return volumes;
    }

    /// <summary>A relative host path resolves against the registry's directory.</summary>
    private VolumeBinding ParseVolume(YamlNode node, string path)
    {
        const string usage = "use host_path:container_path[:ro|:rw], e.g. ./configs/gw:/etc/gw:ro";
        var text = RequireString(node, path);
        var parts = text.Split(':');
        var readOnly = false;
        if (parts.Length == 3)
        {
            readOnly = parts[2] switch
            {
                "ro" => true,
                "rw" => false,
                _ => throw Error(node, path, $"unknown mount option '{parts[2]}' in '{text}'; use ro or rw"),
            };
        }
        else if (parts.Length != 2)
        {
            throw Error(node, path, $"invalid volume '{text}'; {usage}");
        }

        if (parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw Error(node, path, $"invalid volume '{text}'; {usage}");
        }

        return parts[1].StartsWith('/')
            ? new VolumeBinding(Path.GetFullPath(parts[0], _baseDirectory), parts[1], readOnly)
            : throw Error(node, path, $"the container path '{parts[1]}' must be absolute (start with '/')");
    }
}
