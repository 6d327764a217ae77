using Driftless.Core.Planning;

namespace Driftless.Core.Tests.Planning;

public sealed class InputChangeKindTests
{
    private const string Plain = "sha256:00aa";
    private const string KeyedA = "hmac-sha256:0000000a:00aa";
    private const string KeyedA2 = "hmac-sha256:0000000a:11bb";
    private const string KeyedB = "hmac-sha256:0000000b:00aa";

    [Theory]
    [InlineData(null, Plain, "added")]
    [InlineData(Plain, null, "removed")]
    [InlineData(Plain, "sha256:11bb", "modified")]
    [InlineData(KeyedA, KeyedA2, "modified")] // same key, other content
    [InlineData(KeyedA, KeyedB, "rekeyed")] // another key: whether the content changed too is unknown
    [InlineData(Plain, KeyedA, "modified")] // an input newly marked secret
    public void Kind_NamesTheChange(string? before, string? after, string kind) =>
        Assert.Equal(kind, new InputChange("configs/x", before, after).Kind);
}
