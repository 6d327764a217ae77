namespace Driftless.Core.Planning;

/// <summary>One file whose digest differs between two states. A null digest means absent.</summary>
public sealed record InputChange(string Path, string? OldDigest, string? NewDigest)
{
    public string Kind => (OldDigest, NewDigest) switch
    {
        (null, _) => "added",
        (_, null) => "removed",
        _ => "modified",
    };
}
