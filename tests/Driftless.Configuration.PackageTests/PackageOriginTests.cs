using System.Text.Json.Nodes;
using Driftless.Configuration.AspNetCore;
using Driftless.Configuration.Sources;

namespace Driftless.Configuration.PackageTests;

/// <summary>The libraries under test are the packages of this run — never a project reference or a stale package.</summary>
public sealed class PackageOriginTests
{
    [Theory]
    [InlineData(TestedPackages.Library)]
    [InlineData(TestedPackages.AspNetCore)]
    public void The_deps_file_resolves_the_library_as_the_package_of_this_run(string id)
    {
        // The deps file records how the build resolved each library: "package" (with its version) or "project".
        var deps = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Driftless.Configuration.PackageTests.deps.json")))!;
        var entry = Assert.Single(deps["libraries"]!.AsObject(), l => l.Key.StartsWith(id + "/", StringComparison.Ordinal));
        Assert.Equal($"{id}/{TestedPackages.Version}", entry.Key);
        Assert.Equal("package", (string?)entry.Value!["type"]);
    }

    [Theory]
    [InlineData(TestedPackages.Library)]
    [InlineData(TestedPackages.AspNetCore)]
    public void The_loaded_assembly_is_the_one_restored_from_the_package_of_this_run(string id)
    {
        var loaded = (id == TestedPackages.Library ? typeof(JsonFileSource) : typeof(ISecretKeys)).Assembly;
        var restored = Path.Combine(
            TestedPackages.PackagesPath, id.ToLowerInvariant(), TestedPackages.Version.ToLowerInvariant(), "lib", "net10.0", id + ".dll");

        Assert.True(File.Exists(restored), restored + " exists");
        Assert.Equal(File.ReadAllBytes(restored), File.ReadAllBytes(loaded.Location));
    }
}
