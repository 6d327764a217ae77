using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary>
/// The kubelet's ConfigMap volume layout in a directory: <c>..v1/app.conf</c>, <c>..data → ..v1</c>,
/// <c>app.conf → ..data/app.conf</c>; an update writes a new version directory, makes <c>..data_tmp</c>
/// and renames it over <c>..data</c> (one atomic symlink swap).
/// </summary>
public static class ConfigMapLayout
{
    /// <returns>The absolute path of <c>&lt;directory&gt;/app.conf</c>.</returns>
    public static string Create(TempDir dir, string directory, string content)
    {
        dir.Write($"{directory}/..v1/app.conf", content);
        File.CreateSymbolicLink(dir.File($"{directory}/..data"), "..v1");
        File.CreateSymbolicLink(dir.File($"{directory}/app.conf"), "..data/app.conf");
        return dir.File($"{directory}/app.conf");
    }

    public static async Task SwapAsync(TempDir dir, string directory, string version, string content)
    {
        dir.Write($"{directory}/..v{version}/app.conf", content);
        File.CreateSymbolicLink(dir.File($"{directory}/..data_tmp"), $"..v{version}");

        // rename(2) of the link itself (File.Move refuses a link to a directory): what the kubelet does.
        await Cmd.RunCheckedAsync(["mv", "-T", dir.File($"{directory}/..data_tmp"), dir.File($"{directory}/..data")]);
    }
}
