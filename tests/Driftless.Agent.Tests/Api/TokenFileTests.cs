using Driftless.Agent.Hosting;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Support;

namespace Driftless.Agent.Tests.Api;

/// <summary>
/// <c>agent.token_file</c> must be a regular file of bounded size: a device never ends (memory grows without bound)
/// and a FIFO blocks the open until a writer comes (start-up hangs). Each is exit 65 at once, naming the path.
/// </summary>
public sealed class TokenFileTests
{
    // Only a bound against a hang (a FIFO's open blocks forever without the check), never a timing assertion.
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_FIFO_is_refused_at_once_naming_the_path()
    {
        using var dir = new TempDir();
        var fifo = dir.File("token");
        await Cmd.RunCheckedAsync(["mkfifo", fifo]);

        var error = await ReadRefusedAsync(fifo);

        Assert.Contains($"agent.token_file {fifo} is not a regular file (a FIFO)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_that_never_ends_is_refused_naming_the_path()
    {
        var error = await ReadRefusedAsync("/dev/zero");

        Assert.Contains("agent.token_file /dev/zero is not a regular file (a character device)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symlink_is_judged_by_what_it_points_at_and_named_as_written()
    {
        using var dir = new TempDir();
        var link = dir.File("token");
        File.CreateSymbolicLink(link, "/dev/zero");

        var error = await ReadRefusedAsync(link);

        Assert.Contains($"agent.token_file {link} is not a regular file (a character device)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_is_refused()
    {
        using var dir = new TempDir();

        var error = await ReadRefusedAsync(dir.Path);

        Assert.Contains($"agent.token_file {dir.Path} is not a regular file (a directory)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_size_cap_is_refused()
    {
        using var dir = new TempDir();
        var file = dir.Write("token", new string('t', TokenSource.MaxFileBytes + 1));

        var error = await ReadRefusedAsync(file);

        Assert.Contains($"agent.token_file {file} is larger than 64 KiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_at_the_size_cap_reached_through_a_symlink_is_read()
    {
        using var dir = new TempDir();
        var token = new string('t', TokenSource.MaxFileBytes - 1);
        var file = dir.Write("real-token", token + "\n");
        var link = dir.File("token");
        File.CreateSymbolicLink(link, file);

        var read = TokenSource.Read(AgentSettings.Default with { TokenFile = link }, _ => null);

        Assert.True(read.Accepts("Bearer " + token));
    }

    private static async Task<DriftlessException> ReadRefusedAsync(string path)
    {
        var read = Task.Run(() => TokenSource.Read(AgentSettings.Default with { TokenFile = path }, _ => null));
        var error = await Assert.ThrowsAsync<DriftlessException>(() => read.WaitAsync(HangBound));
        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        return error;
    }
}
