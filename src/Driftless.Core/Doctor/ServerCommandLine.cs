namespace Driftless.Core.Doctor;

/// <summary>
/// Reads an option off a server's command line as the engine reports it (Path then Args), e.g. the config path of
/// <c>caddy run --config /etc/caddy/Caddyfile</c>. Only arguments after the server's own binary count, so a shell
/// wrapper's <c>sh -c "…"</c> is never taken for nginx's <c>-c</c>.
/// </summary>
internal sealed class ServerCommandLine
{
    private readonly IReadOnlyList<string> _arguments;

    private ServerCommandLine(IReadOnlyList<string> arguments) => _arguments = arguments;

    /// <summary>The arguments after the first word whose file name is <paramref name="binary"/>; none when it does not run.</summary>
    public static ServerCommandLine Of(IReadOnlyList<string> command, string binary)
    {
        ArgumentNullException.ThrowIfNull(command);
        for (var i = 0; i < command.Count; i++)
        {
            if (string.Equals(Path.GetFileName(command[i]), binary, StringComparison.Ordinal))
            {
                return new ServerCommandLine(command.Skip(i + 1).ToList());
            }
        }

        return new ServerCommandLine([]);
    }

    /// <summary>
    /// The value of the first of <paramref name="names"/> present: <c>--name VALUE</c>, <c>--name=VALUE</c> for long
    /// options, <c>-c VALUE</c> or <c>-cVALUE</c> for short ones; null when absent.
    /// </summary>
    public string? Option(IReadOnlyList<string> names)
    {
        for (var i = 0; i < _arguments.Count; i++)
        {
            var argument = _arguments[i];
            foreach (var name in names)
            {
                if (string.Equals(argument, name, StringComparison.Ordinal))
                {
                    return i + 1 < _arguments.Count ? _arguments[i + 1] : null;
                }

                var glued = name.StartsWith("--", StringComparison.Ordinal) ? name + "=" : name;
                if (argument.Length > glued.Length && argument.StartsWith(glued, StringComparison.Ordinal))
                {
                    return argument[glued.Length..];
                }
            }
        }

        return null;
    }
}
