using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Driftless.Configuration.Modules;
using Driftless.Configuration.Postgres;
using Driftless.Configuration.Reload;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Driftless.Configuration.AspNetCore;

/// <summary>The handlers behind <c>MapDriftlessModules</c>.</summary>
internal static class ModuleConfigEndpoints
{
    /// <summary>The largest PUT body accepted: 1 MiB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private const string JsonContentType = "application/json";

    public static async Task GetAsync(HttpContext context)
    {
        var name = RouteName(context);
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<DriftlessModulesEndpointOptions>>().Value;
        var module = FindModule(services, name);
        string section;
        IReadOnlyCollection<string> secretKeys = [];
        if (module is not null)
        {
            section = module.Section;
            secretKeys = (module as ISecretKeys)?.SecretKeys ?? [];
        }
        else if (IsKnown(options, name))
        {
            section = name;
        }
        else
        {
            await NotFound(name).ExecuteAsync(context);
            return;
        }

        var json = ConfigJson.ToJson(services.GetRequiredService<IConfiguration>().GetSection(section), secretKeys);
        if (FindDocument(services, options) is { } document
            && document.Reloader.Current.Values.Keys.Any(k => IsUnder(k, section))
            && await document.Source.Store.GetAsync(document.Source.Key, context.RequestAborted) is { } stored)
        {
            context.Response.Headers.ETag = ETag(stored.Version);
        }

        await Results.Text(json.ToJsonString(), JsonContentType, Encoding.UTF8).ExecuteAsync(context);
    }

    public static async Task PutAsync(HttpContext context)
    {
        var result = await PutCoreAsync(context, context.RequestAborted);
        await result.ExecuteAsync(context);
    }

    private static async Task<IResult> PutCoreAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var name = RouteName(context);
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<DriftlessModulesEndpointOptions>>().Value;
        var module = FindModule(services, name);
        if (module is null)
        {
            return IsKnown(options, name)
                ? Results.Problem(
                    statusCode: StatusCodes.Status501NotImplemented,
                    title: "Module not reconfigurable",
                    detail: $"Module '{name}' does not support runtime reconfiguration.")
                : NotFound(name);
        }

        long? ifMatch = null;
        var ifMatchHeader = context.Request.Headers.IfMatch.ToString();
        if (ifMatchHeader.Length > 0)
        {
            if (!TryParseETag(ifMatchHeader, out var version))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid If-Match",
                    detail: "If-Match must be a single version ETag, e.g. \"3\".");
            }

            ifMatch = version;
        }

        var body = await ReadBoundedAsync(context.Request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Body too large",
                detail: $"The configuration body is limited to {MaxBodyBytes} bytes.");
        }

        JsonObject newSection;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject parsed)
            {
                return InvalidBody("The body must be a JSON object.");
            }

            newSection = parsed;
        }
        catch (JsonException ex)
        {
            // The position only: the parser's message never echoes the body, but keep it generic anyway.
            return InvalidBody($"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        if (module is IValidatableModuleConfig validatable)
        {
            var errors = Validate(validatable, module.Section, newSection);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: $"The configuration of module '{name}' is invalid.");
            }
        }

        if (FindDocument(services, options) is not { } document)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status501NotImplemented,
                title: "No writable configuration",
                detail: "The configuration has no PostgreSQL document to write module sections to.");
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ModuleConfigEndpoints).FullName!);
        var store = document.Source.Store;
        var key = document.Source.Key;
        var current = await store.GetAsync(key, cancellationToken);
        var root = current is null ? [] : ParseDocument(current.Content);
        ConfigJson.ReplaceSection(root, module.Section, newSection);

        StoredDocument written;
        var expected = ifMatch ?? current?.Version ?? 0;
        try
        {
            written = await store.PutAsync(key, root.ToJsonString(), expected, cancellationToken);
        }
        catch (VersionConflictException ex)
        {
            EndpointLog.Conflict(logger, name, key, ex.ExpectedVersion, ex.CurrentVersion);
            context.Response.Headers.ETag = ETag(ex.CurrentVersion);
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Version conflict",
                detail: $"Expected version {ex.ExpectedVersion}, but the current version is {ex.CurrentVersion}.");
        }

        EndpointLog.Written(logger, name, module.Section, key, written.Version);

        // Drives the module reconfiguration (AddDriftlessModules) through the reloader, like any other change.
        await document.Reloader.ForceReloadAsync(cancellationToken);
        if (!string.Equals(document.Reloader.Current.Hash, written.Hash, StringComparison.Ordinal)
            && document.Reloader.LastError is { } error)
        {
            if (error is ConfigValidationException validation && current is not null)
            {
                // The application's validators rejected it: restore the previous content so a restart does not load it.
                await RevertAsync(store, key, current.Content, written.Version, cancellationToken);
                await document.Reloader.ForceReloadAsync(cancellationToken);
                EndpointLog.Reverted(logger, name, key, written.Version);
                return Results.ValidationProblem(
                    new Dictionary<string, string[]> { [module.Section] = [.. validation.Failures] },
                    title: $"The configuration of module '{name}' failed the application's validation.");
            }

            EndpointLog.NotApplied(logger, name, key, written.Version, error);
            return Results.Problem(
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Written but not applied",
                detail: $"Version {written.Version} was stored but could not be loaded.");
        }

        context.Response.Headers.ETag = ETag(written.Version);
        var response = new JsonObject { ["module"] = name, ["version"] = written.Version };
        return Results.Text(response.ToJsonString(), JsonContentType, Encoding.UTF8);
    }

    internal static string ETag(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    private static bool TryParseETag(string value, out long version)
    {
        var trimmed = value.Trim();
        version = 0;
        return trimmed.Length >= 3
            && trimmed[0] == '"'
            && trimmed[^1] == '"'
            && long.TryParse(trimmed.AsSpan(1, trimmed.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    private static bool IsUnder(string key, string section) =>
        key.StartsWith(section, StringComparison.OrdinalIgnoreCase)
        && (key.Length == section.Length || key[section.Length] == ':');

    private static string RouteName(HttpContext context) => context.GetRouteValue("name") as string ?? string.Empty;

    private static IResult NotFound(string name) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Unknown module", detail: $"No module is named '{name}'.");

    private static IResult InvalidBody(string detail) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid configuration body", detail: detail);

    private static IReconfigurable? FindModule(IServiceProvider services, string name) =>
        services.GetServices<IReconfigurable>()
            .FirstOrDefault(m => m is not null && string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    private static bool IsKnown(DriftlessModulesEndpointOptions options, string name) =>
        options.KnownModules.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static (ConfigReloader Reloader, PostgresConfigSource Source)? FindDocument(
        IServiceProvider services, DriftlessModulesEndpointOptions options)
    {
        (ConfigReloader, PostgresConfigSource)? found = null;
        foreach (var reloader in services.GetServices<ConfigReloader>())
        {
            if (reloader.Source is PostgresConfigSource source
                && (options.DocumentKey is null || string.Equals(source.Key, options.DocumentKey, StringComparison.Ordinal)))
            {
                found = (reloader, source); // the last one wins, like configuration precedence
            }
        }

        return found;
    }

    private static JsonObject ParseDocument(string content) =>
        JsonNode.Parse(content) as JsonObject
            ?? throw new InvalidOperationException("the stored configuration document is not a JSON object");

    private static Dictionary<string, string[]> Validate(IValidatableModuleConfig validatable, string section, JsonObject newSection)
    {
        var wrapper = new JsonObject();
        ConfigJson.ReplaceSection(wrapper, section, (JsonObject)newSection.DeepClone());
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(wrapper.ToJsonString()));
        var candidate = new ConfigurationBuilder().AddJsonStream(stream).Build();
        try
        {
            return new Dictionary<string, string[]>(validatable.Validate(candidate.GetSection(section)), StringComparer.OrdinalIgnoreCase);
        }
        finally
        {
            (candidate as IDisposable)?.Dispose();
        }
    }

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

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer (whatever Content-Length says).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
