using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Driftless.Agent.Api;

/// <summary>
/// The <c>Bearer</c> scheme: a request is authenticated when its <c>Authorization</c> header carries the
/// <see cref="ApiToken"/> (compared in constant time). The header's value is never logged, not even a
/// wrong one. Challenges answer with a problem: 401 with <c>WWW-Authenticate: Bearer</c>, or 403 when no
/// token is configured at all, since then no request could ever be authorized.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiToken token)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private const string NoTokenDetail =
        "no API token is configured: set agent.token_file (a file holding the token) or agent.token_env "
        + "(the name of an environment variable holding it) in the registry, then restart the agent";

    private const string ChallengeDetail = "missing or wrong bearer token (Authorization: Bearer <token>)";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? authorization = Request.Headers.Authorization;
        if (!token.IsConfigured || string.IsNullOrEmpty(authorization))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!token.Accepts(authorization))
        {
            return Task.FromResult(AuthenticateResult.Fail("wrong bearer token"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-client")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!token.IsConfigured)
        {
            return ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, NoTokenDetail);
        }

        Response.Headers.WWWAuthenticate = SchemeName;
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, ChallengeDetail);
    }
}
