namespace Driftless.Core.Registry;

public static class ApplyModes
{
    /// <summary>The registry (YAML) name of a mode: <c>reload_http</c>, <c>restart</c>...</summary>
    public static string Name(this ApplyMode mode) => mode switch
    {
        ApplyMode.ReloadHttp => "reload_http",
        _ => mode.ToString().ToLowerInvariant(),
    };

    /// <summary>Modes that change config without restarting the process: only correct when the process can see the new files.</summary>
    public static bool IsInPlace(this ApplyMode mode) => mode is ApplyMode.ReloadHttp or ApplyMode.Signal or ApplyMode.Exec;

    /// <summary>Modes that (re)start the container's process.</summary>
    public static bool StartsProcess(this ApplyMode mode) => mode is ApplyMode.Restart or ApplyMode.Recreate;
}
