namespace Driftless.Configuration.Postgres;

/// <summary>A configuration document as stored in <c>driftless_config_documents</c>.</summary>
/// <param name="Key">The document key.</param>
/// <param name="Content">The document text (JSON for <see cref="PostgresConfigSource"/>).</param>
/// <param name="Hash"><c>sha256:&lt;hex&gt;</c> of the UTF-8 content, computed when the document was written.</param>
/// <param name="Version">1 for the first write, incremented by every write.</param>
/// <param name="UpdatedAt">When the current version was written (database clock).</param>
public sealed record StoredDocument(string Key, string Content, string Hash, long Version, DateTimeOffset UpdatedAt);
