namespace Driftless.Core.Registry;

/// <summary>A loaded, validated <c>driftless.yaml</c>. All paths are absolute.</summary>
/// <param name="FilePath">The registry file.</param>
/// <param name="BaseDirectory">The directory relative paths are resolved against (the file's directory).</param>
/// <param name="Project">Compose project name, normalised as compose does.</param>
/// <param name="ComposeFiles">Compose files, absolute; may be empty when only explicit containers are used.</param>
/// <param name="StateDirectory">Where state.db, the lock and the compose override live.</param>
/// <param name="Services">Services in file order.</param>
public sealed record DriftlessRegistry(
    string FilePath,
    string BaseDirectory,
    string Project,
    IReadOnlyList<string> ComposeFiles,
    string StateDirectory,
    IReadOnlyList<ServiceSpec> Services)
{
    /// <summary>Settings of <c>driftless agent</c>: <c>tick</c>, <c>wait</c>, <c>agent:</c>.</summary>
    public AgentSettings Agent { get; init; } = AgentSettings.Default;

    /// <summary><c>history:</c> — how many events, and how old, the state store keeps per service.</summary>
    public HistorySettings History { get; init; } = HistorySettings.Default;

    public ServiceSpec? Find(string name) => Services.FirstOrDefault(s => s.Name == name);

    /// <summary>The debounce that applies to a service: its own <c>wait:</c>, else the registry's.</summary>
    public WaitSpec WaitFor(ServiceSpec service) => service?.Wait ?? Agent.Wait;
}
