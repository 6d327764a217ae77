namespace Driftless.Configuration.Postgres;

/// <summary>
/// A conditional <see cref="PostgresDocumentStore.PutAsync"/> found another version than the one expected:
/// someone else wrote the document first. Nothing was written.
/// </summary>
public sealed class VersionConflictException : Exception
{
    public VersionConflictException(string key, long expectedVersion, long currentVersion)
        : base($"config document '{key}': expected version {expectedVersion}, but the current version is {currentVersion}")
    {
        Key = key;
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
    }

    public string Key { get; }

    public long ExpectedVersion { get; }

    /// <summary>The version now stored; 0 when the document does not exist.</summary>
    public long CurrentVersion { get; }
}
