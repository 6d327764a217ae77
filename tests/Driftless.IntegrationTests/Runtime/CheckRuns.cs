using System.Text.Json;
using Driftless.Core.Runtime;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Runtime;

/// <summary>Check runs and the engine-side view of check containers, for the check tests.</summary>
internal static class CheckRuns
{
    public const string ProjectLabel = "io.driftless.check.project";

    public static CheckRun Of(string project, string image, IReadOnlyList<string> argv, IReadOnlyList<CheckMount>? mounts = null, TimeSpan? timeout = null) => new(
        project,
        "edge/" + Guid.NewGuid().ToString("N")[..8],
        image,
        argv,
        mounts ?? [],
        new Dictionary<string, string>(),
        timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>Ids of the project's check containers, running or not.</summary>
    public static async Task<IReadOnlyList<string>> ContainersAsync(string project)
    {
        var listed = await Cmd.RunCheckedAsync(["docker", "ps", "-aq", "--no-trunc", "--filter", $"label={ProjectLabel}={project}"]);
        return listed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Removes whatever a failed test left (the tests' own safety net, not the code under test).</summary>
    public static async Task CleanUpAsync(string project)
    {
        foreach (var id in await ContainersAsync(project))
        {
            await Cmd.RunAsync(["docker", "rm", "-f", id]);
        }
    }

    public static async Task<JsonElement> InspectAsync(string id)
    {
        var json = await Cmd.RunCheckedAsync(["docker", "inspect", id]);
        using var document = JsonDocument.Parse(json);
        return document.RootElement[0].Clone();
    }
}
