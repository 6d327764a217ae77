using System.Net;
using System.Net.Sockets;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Execution;

/// <summary>
/// SECRETS_SHOW_TEMPLATES: when a request built from <c>${NAME}</c> templates fails, the event names the template and
/// a fixed description of the failure — never the resolved value, even when the exception's own message quotes it.
/// Each test resolves its variables from this process's environment, under names of its own.
/// </summary>
public sealed class TemplatedSecretTests : IAsyncLifetime
{
    private readonly string _variable = "DLT_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string _secret = "canary" + Guid.NewGuid().ToString("N")[..12];
    private FakeStack _stack = null!;

    private string Template => "${" + _variable + "}";

    public async Task InitializeAsync()
    {
        _stack = await FakeStack.OpenAsync();
        Environment.SetEnvironmentVariable(_variable, _secret);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task ReloadHttp_HostNotFound_ErrorShowsTheTemplate_NotTheExceptionMessageQuotingTheHost()
    {
        var url = $"http://{Template}.invalid:1/-/reload";
        var registry = await _stack.AdoptedAsync(Reload(_stack.Service("web", ApplyMode.ReloadHttp), url));
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.HttpHandler.Fail(request => new HttpRequestException(
            HttpRequestError.NameResolutionError,
            $"Name or service not known ({request.RequestUri!.IdnHost}:1)",
            new SocketException((int)SocketError.HostNotFound)));

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal($"{_secret}.invalid", Assert.Single(_stack.HttpHandler.Requests).Uri.Host);
        Assert.Equal((EventResult.Failed, $"reload endpoint {url} unreachable: host not found"), (e.Result, e.Error));
        await AssertNowhereAsync(e);
    }

    [Fact]
    public async Task ReloadHttp_ConnectionRefused_FallbackReasonShowsTheTemplate()
    {
        var url = $"http://127.0.0.1:1/{Template}/reload";
        var registry = await _stack.AdoptedAsync(Reload(_stack.Service("web", ApplyMode.ReloadHttp), url) with { Fallback = ApplyMode.Restart });
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.HttpHandler.Fail(request => new HttpRequestException(
            HttpRequestError.ConnectionError,
            $"Connection refused ({request.RequestUri})",
            new SocketException((int)SocketError.ConnectionRefused)));

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Escalated, "restart"), (e.Result, e.ModeUsed));
        Assert.Equal($"fallback: reload endpoint {url} unreachable: connection refused", e.Reason);
        await AssertNowhereAsync(e);
    }

    [Fact]
    public async Task ReloadHttp_UrlInvalidOnceExpanded_IsUnavailable_NamingTheTemplate_AndSendsNothing()
    {
        // Uri would throw "Invalid URI: The hostname could not be parsed" (an unexpected error, exit 70) for a value with a space.
        Environment.SetEnvironmentVariable(_variable, _secret + " x");
        var url = $"http://{Template}:8080/-/reload";
        var registry = await _stack.AdoptedAsync(Reload(_stack.Service("web", ApplyMode.ReloadHttp), url) with { Fallback = ApplyMode.Restart });
        _stack.Host.Write("configs/web/a.conf", "two");

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Escalated, "restart"), (e.Result, e.ModeUsed));
        Assert.Equal($"fallback: reload URL {url}: is not a valid http(s) URL once its ${{NAME}} variables are expanded", e.Reason);
        Assert.Empty(_stack.HttpHandler.Requests);
        await AssertNowhereAsync(e);
    }

    [Fact]
    public async Task ReloadHttp_HeaderWithLineBreakOnceExpanded_FailsNamingTheHeader_AndSendsNothing()
    {
        Environment.SetEnvironmentVariable(_variable, _secret + "\r\nX-Injected: 1");
        var service = Reload(_stack.Service("web", ApplyMode.ReloadHttp), "http://127.0.0.1:1/-/reload", new Dictionary<string, string> { ["Authorization"] = $"Bearer {Template}" });
        var registry = await _stack.AdoptedAsync(service);
        _stack.Host.Write("configs/web/a.conf", "two");

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.StartsWith("reload URL http://127.0.0.1:1/-/reload: header Authorization is not a valid header value", e.Error, StringComparison.Ordinal);
        Assert.Empty(_stack.HttpHandler.Requests);
        await AssertNowhereAsync(e);
    }

    [Fact]
    public async Task VerifyHttp_HostNotFound_ErrorShowsTheTemplate()
    {
        var url = $"http://{Template}.invalid:1/health";
        var web = _stack.Service("web") with
        {
            Verify = new VerifySpec(TimeSpan.Zero) { Http = new HttpCheckSpec(url, [], null, new Dictionary<string, string> { ["X-Key"] = Template }), Timeout = TimeSpan.FromMilliseconds(1) },
        };
        var registry = await _stack.AdoptedAsync(web);
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.HttpHandler.Fail(request => new HttpRequestException(
            HttpRequestError.NameResolutionError,
            $"Name or service not known ({request.RequestUri!.Host}:1) {request.Headers.GetValues("X-Key").Single()}",
            new SocketException((int)SocketError.HostNotFound)));

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.Equal($"verification failed: verify.http {url} unreachable: host not found (retried for 0.001s)", e.Error);
        await AssertNowhereAsync(e);
    }

    [Fact]
    public async Task ExecOutputQuotingAResolvedValue_IsRecordedWithTheTemplate_InEveryEncoding()
    {
        // The exec's output is not Driftless's text: the redactor replaces the value, whatever its case or encoding.
        Environment.SetEnvironmentVariable(_variable, _secret + "/+");
        var web = _stack.Service("web", ApplyMode.Exec) with
        {
            Exec = ["reload"],
            Verify = new VerifySpec(TimeSpan.Zero) { Http = new HttpCheckSpec("http://127.0.0.1:1/health", [], null, new Dictionary<string, string> { ["X-Key"] = Template }) },
        };
        _stack.HttpHandler.Answer(HttpStatusCode.OK);
        var registry = await _stack.AdoptedAsync(web);
        _stack.Host.Write("configs/web/a.conf", "two");
        var encoded = Uri.EscapeDataString(_secret + "/+");
        _stack.Runtime.ExecResults["web"] = new ExecOutcome(0, $"key={_secret}/+ upper={_secret.ToUpperInvariant()}/+ url={encoded} json={_secret}/\\u002B");

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Applied, e.Result);
        Assert.Equal($"exit 0: key={Template} upper={Template} url={Template} json={Template}", e.Output);
        await AssertNowhereAsync(e);
    }

    private static ServiceSpec Reload(ServiceSpec service, string url, IReadOnlyDictionary<string, string>? headers = null) => service with
    {
        Reload = new ReloadSpec(url, "POST", headers ?? new Dictionary<string, string>(), TimeSpan.FromSeconds(2), []),
    };

    /// <summary>Neither the event nor anything the store recorded holds the value.</summary>
    private async Task AssertNowhereAsync(ApplyEvent e)
    {
        Assert.DoesNotContain(_secret, EventJson.Serialize(e), StringComparison.OrdinalIgnoreCase);
        Assert.All(
            await _stack.Store.HistoryAsync("web", 10, default),
            recorded => Assert.DoesNotContain(_secret, EventJson.Serialize(recorded), StringComparison.OrdinalIgnoreCase));
    }
}
