using Driftless.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Driftless.Agent.Api;

/// <summary>The one place an error kind becomes an HTTP status.</summary>
internal static class ErrorStatuses
{
    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.Usage => StatusCodes.Status400BadRequest,
        ErrorKind.UnknownService => StatusCodes.Status404NotFound,
        ErrorKind.LockHeld => StatusCodes.Status409Conflict,
        ErrorKind.InvalidRegistry or ErrorKind.InvalidInput => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.EngineUnreachable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.StateNotWritable => StatusCodes.Status507InsufficientStorage,
        _ => StatusCodes.Status500InternalServerError,
    };
}
