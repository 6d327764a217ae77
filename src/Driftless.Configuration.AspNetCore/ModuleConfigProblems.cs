using Microsoft.AspNetCore.Http;

namespace Driftless.Configuration.AspNetCore;

/// <summary>The problem details the module configuration endpoints answer with; they never echo a body or a value.</summary>
internal static class ModuleConfigProblems
{
    public static IResult UnknownModule(string name) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Unknown module", detail: $"No module is named '{name}'.");

    public static IResult NotReconfigurable(string name) => Results.Problem(
        statusCode: StatusCodes.Status501NotImplemented,
        title: "Module not reconfigurable",
        detail: $"Module '{name}' does not support runtime reconfiguration.");

    public static IResult InvalidIfMatch() => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid If-Match",
        detail: "If-Match must be a single version ETag, e.g. \"3\".");

    public static IResult BodyTooLarge(int limit) => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Body too large",
        detail: $"The configuration body is limited to {limit} bytes.");

    public static IResult InvalidBody(string detail) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid configuration body", detail: detail);

    public static IResult InvalidConfiguration(string name, IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: $"The configuration of module '{name}' is invalid.");

    public static IResult NoWritableDocument() => Results.Problem(
        statusCode: StatusCodes.Status501NotImplemented,
        title: "No writable configuration",
        detail: "The configuration has no PostgreSQL document to write module sections to.");

    public static IResult VersionConflict(long expected, long current) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Version conflict",
        detail: $"Expected version {expected}, but the current version is {current}.");

    public static IResult RejectedByApplication(string name, string section, IEnumerable<string> failures) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [section] = [.. failures] },
            title: $"The configuration of module '{name}' failed the application's validation.");

    public static IResult WrittenNotApplied(long version) => Results.Problem(
        statusCode: StatusCodes.Status500InternalServerError,
        title: "Written but not applied",
        detail: $"Version {version} was stored but could not be loaded.");
}
