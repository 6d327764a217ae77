using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Driftless.Configuration.Modules;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.AspNetCore;

/// <summary>The handlers behind <c>MapDriftlessModules</c>.</summary>
internal static class ModuleConfigEndpoints
{
    /// <summary>The largest PUT body accepted: 1 MiB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private const string JsonContentType = "application/json";

    public static async Task GetAsync(HttpContext context)
    {
        var request = ModuleConfigRequest.From(context);
        string section;
        IReadOnlyCollection<string> secretKeys = [];
        if (request.Module is { } module)
        {
            section = module.Section;
            secretKeys = (module as ISecretKeys)?.SecretKeys ?? [];
        }
        else if (request.IsKnown)
        {
            section = request.Name;
        }
        else
        {
            await ModuleConfigProblems.UnknownModule(request.Name).ExecuteAsync(context);
            return;
        }

        var json = ConfigJson.ToJson(request.Services.GetRequiredService<IConfiguration>().GetSection(section), secretKeys);
        if (request.FindDocument() is { } document
            && document.Reloader.Current.Values.Keys.Any(k => SectionKey.IsUnder(k, section))
            && await document.Source.Store.GetAsync(document.Source.Key, context.RequestAborted) is { } stored)
        {
            context.Response.Headers.ETag = VersionETag.Format(stored.Version);
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
        var request = ModuleConfigRequest.From(context);
        if (request.Module is not { } module)
        {
            return request.IsKnown
                ? ModuleConfigProblems.NotReconfigurable(request.Name)
                : ModuleConfigProblems.UnknownModule(request.Name);
        }

        long? ifMatch = null;
        var ifMatchHeader = context.Request.Headers.IfMatch.ToString();
        if (ifMatchHeader.Length > 0)
        {
            if (!VersionETag.TryParse(ifMatchHeader, out var version))
            {
                return ModuleConfigProblems.InvalidIfMatch();
            }

            ifMatch = version;
        }

        var body = await BoundedRequestBody.ReadAsync(context.Request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return ModuleConfigProblems.BodyTooLarge(MaxBodyBytes);
        }

        JsonObject newSection;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject parsed)
            {
                return ModuleConfigProblems.InvalidBody("The body must be a JSON object.");
            }

            newSection = parsed;
        }
        catch (JsonException ex)
        {
            // The position only: the parser's message never echoes the body, but keep it generic anyway.
            return ModuleConfigProblems.InvalidBody($"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        if (module is IValidatableModuleConfig validatable)
        {
            var errors = ModuleSectionValidation.Validate(validatable, module.Section, newSection);
            if (errors.Count > 0)
            {
                return ModuleConfigProblems.InvalidConfiguration(request.Name, errors);
            }
        }

        if (request.FindDocument() is not { } document)
        {
            return ModuleConfigProblems.NoWritableDocument();
        }

        var logger = request.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ModuleConfigEndpoints).FullName!);
        return await new ModuleSectionWriter(document, logger)
            .WriteAsync(context.Response, request.Name, module.Section, newSection, ifMatch, cancellationToken);
    }
}
