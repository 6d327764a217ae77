namespace Driftless.IntegrationTests.Support;

public static class TestNames
{
    /// <summary>The tiny busybox image scripts/build-images.sh builds.</summary>
    public const string Image = "driftless-test/busybox:latest";

    /// <summary>Label on every container the tests create, so only those are ever removed.</summary>
    public const string OwnerLabel = "io.driftless.test";

    /// <summary>A unique, compose-safe name: lowercase letters and digits.</summary>
    public static string Unique(string prefix = "dlt") => prefix + Guid.NewGuid().ToString("N")[..10];
}
