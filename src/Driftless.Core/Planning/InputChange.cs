using Driftless.Core.Hashing;

namespace Driftless.Core.Planning;

/// <summary>
/// One file whose digest differs between two states. A null digest means absent. <c>rekeyed</c>: a secret file whose
/// digests were made under two different hash keys, which cannot tell whether its content changed too.
/// </summary>
public sealed record InputChange(string Path, string? OldDigest, string? NewDigest)
{
    public string Kind => (OldDigest, NewDigest) switch
    {
        (null, _) => "added",
        (_, null) => "removed",
        _ when HashKey.IdOf(OldDigest) is { } before && HashKey.IdOf(NewDigest) is { } after && before != after => "rekeyed",
        _ => "modified",
    };
}
