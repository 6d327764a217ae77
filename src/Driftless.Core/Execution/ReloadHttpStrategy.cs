using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Execution;

/// <summary>
/// <c>apply: reload_http</c> — e.g. Alloy's <c>POST /-/reload</c>. An endpoint that cannot be reached
/// (refused, timeout, DNS) makes the mode unavailable, so a <c>fallback:</c> may run; an
/// endpoint that answers outside <c>expect_status</c> has rejected the config: that fails closed.
/// </summary>
internal sealed class ReloadHttpStrategy(HttpClient http) : IApplyStrategy
{
    public ApplyMode Mode => ApplyMode.ReloadHttp;

    public async Task<ModeResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        var service = context.Item.Service;
        var reload = service.Reload
            ?? throw new DriftlessException(ErrorKind.InvalidRegistry, $"{service.Name}: apply: reload_http needs `reload:`");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(reload.Timeout);
        if (!HttpRequests.TryBuild(reload.Method, reload.Url, reload.Headers, out var built, out var problem))
        {
            throw new ModeUnavailableException($"reload URL {reload.Url}: {problem}");
        }

        using var request = built;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return HttpRequests.Accepts(reload.ExpectStatus, status)
                ? ModeResult.Ran
                : new ModeResult($"reload endpoint {reload.Url} answered {status} (expected {HttpRequests.Expected(reload.ExpectStatus)}): the service rejected the change");
        }
        catch (HttpRequestException e)
        {
            // Not e.Message, and not e as the inner exception: both can carry the expanded URI (SECRETS_SHOW_TEMPLATES).
            throw new ModeUnavailableException($"reload endpoint {reload.Url} unreachable: {NetworkFailure.Describe(e)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModeUnavailableException($"reload endpoint {reload.Url} did not answer within {reload.Timeout.TotalSeconds:0.###}s");
        }
    }
}
