namespace Driftless.IntegrationTests.Support;

/// <summary>A container started with <c>docker run -d --init</c> from the test image; removed on dispose.</summary>
public sealed class TestContainer : IAsyncDisposable
{
    private TestContainer(string id, string name)
    {
        Id = id;
        Name = name;
    }

    public string Id { get; }

    public string Name { get; }

    /// <param name="binds">host path → container path (read-only).</param>
    /// <param name="command">Defaults to a long sleep.</param>
    public static async Task<TestContainer> StartAsync(string name, IReadOnlyDictionary<string, string>? binds = null, IReadOnlyList<string>? command = null)
    {
        List<string> argv = ["docker", "run", "-d", "--init", "--name", name, "--label", TestNames.OwnerLabel + "=1"];
        foreach (var (host, container) in binds ?? new Dictionary<string, string>())
        {
            argv.AddRange(["-v", $"{host}:{container}:ro"]);
        }

        argv.Add(TestNames.Image);
        argv.AddRange(command ?? ["sleep", "3600"]);
        var id = (await Cmd.RunCheckedAsync(argv)).Trim();
        return new TestContainer(id, name);
    }

    /// <summary>What <c>docker exec cat</c> shows: the process's view, independent of the code under test.</summary>
    public async Task<string> CatAsync(string containerPath) =>
        await Cmd.RunCheckedAsync(["docker", "exec", Id, "cat", containerPath]);

    public async ValueTask DisposeAsync() => await Cmd.RunAsync(["docker", "rm", "-f", "-v", Id]);
}
