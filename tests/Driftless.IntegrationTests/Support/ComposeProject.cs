namespace Driftless.IntegrationTests.Support;

/// <summary>
/// A compose project with a unique name in its own <see cref="TempDir"/>: write the file, up, down.
/// Uses <c>docker compose</c> (v2) when present, else <c>docker-compose</c> (v1).
/// </summary>
public sealed class ComposeProject : IAsyncDisposable
{
    private static readonly Lazy<Task<string[]>> Command = new(DetectAsync);

    public ComposeProject(TempDir directory, string? name = null)
    {
        Directory = directory;
        Name = name ?? TestNames.Unique();
    }

    public string Name { get; }

    public TempDir Directory { get; }

    public string FilePath => Directory.File("docker-compose.yml");

    public static Task<string[]> ComposeCommandAsync() => Command.Value;

    public string WriteFile(string yaml) => Directory.Write("docker-compose.yml", yaml);

    public async Task UpAsync(params string[] services) =>
        await RunAsync(["up", "-d", .. services]);

    public async Task DownAsync() => await RunAsync(["down", "-v", "--remove-orphans", "-t", "1"]);

    public async Task<string> RunAsync(IReadOnlyList<string> arguments) =>
        await Cmd.RunCheckedAsync([.. await Command.Value, "-p", Name, "-f", FilePath, .. arguments], Directory.Path, TimeSpan.FromSeconds(120));

    /// <summary>The id of the service's (newest) container, or null.</summary>
    public async Task<string?> ContainerIdAsync(string service)
    {
        var output = await Cmd.RunCheckedAsync(
        [
            "docker", "ps", "-a", "-q", "--no-trunc",
            "--filter", $"label=com.docker.compose.project={Name}",
            "--filter", $"label=com.docker.compose.service={service}",
        ]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
    }

    public static async Task<string> InspectAsync(string containerId, string format) =>
        (await Cmd.RunCheckedAsync(["docker", "inspect", "-f", format, containerId])).Trim();

    /// <summary>State.StartedAt exactly as the engine prints it (nanoseconds), for equality checks.</summary>
    public static Task<string> StartedAtAsync(string containerId) => InspectAsync(containerId, "{{.State.StartedAt}}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DownAsync();
        }
        catch (InvalidOperationException)
        {
            // best effort: a failed test must not hide behind a failed cleanup
        }
    }

    private static async Task<string[]> DetectAsync()
    {
        if ((await Cmd.RunAsync(["docker", "compose", "version"])).ExitCode == 0)
        {
            return ["docker", "compose"];
        }

        return ["docker-compose"];
    }
}
