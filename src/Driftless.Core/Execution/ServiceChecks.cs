using System.Globalization;
using System.Text;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Execution;

/// <summary>The optional <c>verify.http</c> / <c>verify.exec</c> checks, retried with capped exponential backoff until <c>verify.timeout</c>.</summary>
internal sealed class ServiceChecks(IContainerRuntime runtime, HttpClient http, TimeProvider time)
{
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly CappedExponentialBackoff Backoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when every configured check passed; otherwise the last failure.</summary>
    public async Task<string?> PassAsync(VerifySpec verify, string containerId, CancellationToken cancellationToken)
    {
        if (verify.Http is null && verify.Exec is null)
        {
            return null;
        }

        var started = time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var failure = await CheckOnceAsync(verify, containerId, cancellationToken);
            if (failure is null)
            {
                return null;
            }

            var delay = Backoff.Delay(attempt);
            if (time.GetElapsedTime(started) + delay > verify.Timeout)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{failure} (retried for {verify.Timeout.TotalSeconds:0.###}s)");
            }

            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private async Task<string?> CheckOnceAsync(VerifySpec verify, string containerId, CancellationToken cancellationToken)
    {
        if (verify.Http is { } check && await HttpAsync(check, cancellationToken) is { } httpFailure)
        {
            return httpFailure;
        }

        if (verify.Exec is { } argv)
        {
            try
            {
                var outcome = await runtime.ExecAsync(containerId, argv, cancellationToken);
                if (outcome.ExitCode != 0)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"verify.exec `{argv[0]}` exited {outcome.ExitCode}: {outcome.OutputTail}");
                }
            }
            catch (ModeUnavailableException e)
            {
                return $"verify.exec: {e.Message}";
            }
        }

        return null;
    }

    private async Task<string?> HttpAsync(HttpCheckSpec check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AttemptTimeout);
        if (!HttpRequests.TryBuild("GET", check.Url, check.Headers, out var built, out var problem))
        {
            return $"verify.http {check.Url}: {problem}";
        }

        using var request = built;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (!HttpRequests.Accepts(check.ExpectStatus, status))
            {
                return $"verify.http {check.Url} answered {status} (expected {HttpRequests.Expected(check.ExpectStatus)})";
            }

            if (check.BodyContains is { } expected && !(await ReadBoundedAsync(response, timeout.Token)).Contains(expected, StringComparison.Ordinal))
            {
                return $"verify.http {check.Url} answered {status} without the expected text";
            }

            return null;
        }
        catch (HttpRequestException e)
        {
            // Never e.Message: it can quote the expanded URI (SECRETS_SHOW_TEMPLATES).
            return $"verify.http {check.Url} unreachable: {NetworkFailure.Describe(e)}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"verify.http {check.Url} did not answer within {AttemptTimeout.TotalSeconds:0}s";
        }
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, filled);
    }
}
