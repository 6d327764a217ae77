namespace Driftless.Configuration.Postgres;

/// <summary>
/// A conditional <see cref="PostgresDocumentStore.PutAsync"/> found another version than the one expected:
/// someone else wrote the document first. Nothing was written.
/// </summary>
public sealed class VersionConflictException : Exception
{
    /// <summary>A conflict on <paramref name="key"/>: <paramref name="expectedVersion"/> was expected, <paramref name="currentVersion"/> is stored.</summary>
    /// <param name="key">The document key.</param>
    /// <param name="expectedVersion">The version the writer expected (0: expected no document).</param>
    /// <param name="currentVersion">The version now stored; 0 when the document does not exist.</param>
    public VersionConflictException(string key, long expectedVersion, long currentVersion)
        : base($"config document '{key}': expected version {expectedVersion}, but the current version is {currentVersion}")
    {
        Key = key;
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
    }

    /// <summary>The document key.</summary>
    public string Key { get; }

    /// <summary>The version the writer expected (0: it expected no document).</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version now stored; 0 when the document does not exist.</summary>
    public long CurrentVersion { get; }
}
