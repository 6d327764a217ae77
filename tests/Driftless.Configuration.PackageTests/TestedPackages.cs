using System.Reflection;

namespace Driftless.Configuration.PackageTests;

/// <summary>What scripts/test.sh packed for this run, as the build recorded it.</summary>
internal static class TestedPackages
{
    public const string Library = "Driftless.Configuration";
    public const string AspNetCore = "Driftless.Configuration.AspNetCore";

    /// <summary>The version unique to this run.</summary>
    public static string Version => Metadata("DriftlessPackageVersion");

    /// <summary>The folder holding the packed .nupkg and .snupkg files.</summary>
    public static string Feed => Metadata("DriftlessPackageFeed");

    /// <summary>The folder this project's packages were restored into.</summary>
    public static string PackagesPath => Metadata("DriftlessPackagesPath");

    private static string Metadata(string key) =>
        typeof(TestedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"{key} was not recorded at build time");
}
