using System.Text;
using System.Text.Json.Nodes;
using Driftless.Configuration.Postgres;
using Driftless.Configuration.Reload;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.AspNetCore;

/// <summary>
/// Writes a module's section into the PostgreSQL configuration document, then reloads it so the module reconfigures
/// itself — restoring the previous content when the application's validators reject the new one.
/// </summary>
internal sealed class ModuleSectionWriter
{
    private const string JsonContentType = "application/json";

    private readonly PostgresConfigDocument _document;
    private readonly ILogger _logger;

    public ModuleSectionWriter(PostgresConfigDocument document, ILogger logger)
    {
        _document = document;
        _logger = logger;
    }

    /// <param name="response">Receives the ETag of the version written, or of the current one on a conflict.</param>
    /// <param name="module">The module name, for the response and the log.</param>
    /// <param name="section">The module's section.</param>
    /// <param name="newSection">What replaces the section.</param>
    /// <param name="ifMatch">The version the caller expects; null to expect whatever is stored now.</param>
    /// <param name="cancellationToken">The request's end.</param>
    public async Task<IResult> WriteAsync(
        HttpResponse response, string module, string section, JsonObject newSection, long? ifMatch, CancellationToken cancellationToken)
    {
        var store = _document.Source.Store;
        var key = _document.Source.Key;
        var current = await store.GetAsync(key, cancellationToken);
        var root = current is null ? [] : ParseDocument(current.Content);
        ConfigJson.ReplaceSection(root, section, newSection);

        StoredDocument written;
        var expected = ifMatch ?? current?.Version ?? 0;
        try
        {
            written = await store.PutAsync(key, root.ToJsonString(), expected, cancellationToken);
        }
        catch (VersionConflictException ex)
        {
            EndpointLog.Conflict(_logger, module, key, ex.ExpectedVersion, ex.CurrentVersion);
            response.Headers.ETag = VersionETag.Format(ex.CurrentVersion);
            return ModuleConfigProblems.VersionConflict(ex.ExpectedVersion, ex.CurrentVersion);
        }

        EndpointLog.Written(_logger, module, section, key, written.Version);
        if (await ApplyAsync(module, section, current, written, cancellationToken) is { } problem)
        {
            return problem;
        }

        response.Headers.ETag = VersionETag.Format(written.Version);
        var body = new JsonObject { ["module"] = module, ["version"] = written.Version };
        return Results.Text(body.ToJsonString(), JsonContentType, Encoding.UTF8);
    }

    /// <summary>Null when the written version was published; otherwise the problem, after reverting what validation rejected.</summary>
    private async Task<IResult?> ApplyAsync(
        string module, string section, StoredDocument? previous, StoredDocument written, CancellationToken cancellationToken)
    {
        // Drives the module reconfiguration (AddDriftlessModules) through the reloader, like any other change.
        var reloader = _document.Reloader;
        await reloader.ForceReloadAsync(cancellationToken);
        if (string.Equals(reloader.Current.Hash, written.Hash, StringComparison.Ordinal) || reloader.LastError is not { } error)
        {
            return null;
        }

        var key = _document.Source.Key;
        if (error is ConfigValidationException validation && previous is not null)
        {
            // The application's validators rejected it: restore the previous content so a restart does not load it.
            await RevertAsync(_document.Source.Store, key, previous.Content, written.Version, cancellationToken);
            await reloader.ForceReloadAsync(cancellationToken);
            EndpointLog.Reverted(_logger, module, key, written.Version);
            return ModuleConfigProblems.RejectedByApplication(module, section, validation.Failures);
        }

        EndpointLog.NotApplied(_logger, module, key, written.Version, error);
        return ModuleConfigProblems.WrittenNotApplied(written.Version);
    }

    private static JsonObject ParseDocument(string content) =>
        JsonNode.Parse(content) as JsonObject
            ?? throw new InvalidOperationException("the stored configuration document is not a JSON object");

    private static async Task RevertAsync(PostgresDocumentStore store, string key, string content, long version, CancellationToken cancellationToken)
    {
        try
        {
            await store.PutAsync(key, content, version, cancellationToken);
        }
        catch (VersionConflictException)
        {
            // Someone wrote after us: their version supersedes ours, nothing to revert.
        }
    }
}
