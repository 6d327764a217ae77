using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Driftless.Agent.Control;
using Driftless.Core.Events;
using Driftless.Core.Planning;

namespace Driftless.Agent.Tests.Api;

/// <summary>The HTTP API against the real Kestrel host, with a stub control behind it.</summary>
public sealed class AgentApiTests
{
    [Fact]
    public async Task Status_is_camel_case_json_with_lower_case_enums()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.GetAsync(new Uri("v1/status", UriKind.Relative));
        using var json = await JsonOf(response, HttpStatusCode.OK);

        var root = json.RootElement;
        Assert.Equal("/srv/driftless.yaml", root.GetProperty("registry").GetString());
        Assert.Equal("demo", root.GetProperty("project").GetString());
        Assert.Equal("inotify", root.GetProperty("watch").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("lastPassAt").ValueKind);
        Assert.Equal("2026-11-23T08:00:00+00:00", root.GetProperty("startedAt").GetString());
        var services = root.GetProperty("services").EnumerateArray().ToList();
        Assert.Equal(2, services.Count);
        Assert.Equal("web", services[0].GetProperty("name").GetString());
        Assert.Equal("running", services[0].GetProperty("phase").GetString());
        Assert.Equal("in_sync", services[0].GetProperty("verdict").GetString());
        Assert.Equal("c0ffee", services[0].GetProperty("containerId").GetString());
        Assert.Equal("sha256:new", services[0].GetProperty("appliedHash").GetString());
        Assert.False(services[0].GetProperty("managed").GetBoolean());
        Assert.Equal("failed", services[1].GetProperty("phase").GetString());
        Assert.Equal("container_missing", services[1].GetProperty("verdict").GetString());
        Assert.Equal("start failed", services[1].GetProperty("error").GetString());
        Assert.True(services[1].GetProperty("managed").GetBoolean());
        Assert.Equal(JsonValueKind.String, services[1].GetProperty("retryAt").ValueKind);
    }

    [Fact]
    public async Task Status_shows_the_registry_revision_and_the_rejected_edit()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.GetAsync(new Uri("v1/status", UriKind.Relative));
        using var json = await JsonOf(response, HttpStatusCode.OK);

        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("registryRevision").GetInt64());
        Assert.Equal("/srv/driftless.yaml:4:3: services.web.mode: unknown mode 'relaod'", root.GetProperty("registryError").GetString());
        Assert.Equal("2026-11-23T08:05:00+00:00", root.GetProperty("registryErrorAt").GetString());
    }

    [Fact]
    public async Task Status_spells_an_unknown_verdict_and_the_last_pass_error()
    {
        await using var agent = await RunningAgent.StartAsync();
        var failedAt = StubAgentControl.Started.AddMinutes(7);
        agent.Control.Status = agent.Control.Status with
        {
            Services = [new ServiceStatus("web", "restart", false, ServicePhase.Failed, Verdict.Unknown, "c0ffee", "sha256:old", "sha256:new", "container engine unreachable at unix:///x.sock: no answer within 10s", null, null)],
            LastPassError = "container engine unreachable at unix:///x.sock: no answer within 10s",
            LastPassErrorAt = failedAt,
        };

        using var response = await agent.Client.GetAsync(new Uri("v1/status", UriKind.Relative));
        using var json = await JsonOf(response, HttpStatusCode.OK);

        var root = json.RootElement;
        var web = Assert.Single(root.GetProperty("services").EnumerateArray().ToList());
        Assert.Equal("unknown", web.GetProperty("verdict").GetString());
        Assert.Equal("failed", web.GetProperty("phase").GetString());
        Assert.Equal("container engine unreachable at unix:///x.sock: no answer within 10s", root.GetProperty("lastPassError").GetString());
        Assert.Equal("2026-11-23T08:07:00+00:00", root.GetProperty("lastPassErrorAt").GetString());
    }

    [Fact]
    public async Task History_passes_service_and_limit_and_lists_events()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.GetAsync(new Uri("v1/history?service=web&limit=7", UriKind.Relative));
        using var json = await JsonOf(response, HttpStatusCode.OK);

        var applied = Assert.Single(json.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal("web", applied.GetProperty("service").GetString());
        Assert.Equal("applied", applied.GetProperty("result").GetString());
        Assert.Equal("reload_http", applied.GetProperty("mode").GetString());
        Assert.Equal(42, applied.GetProperty("durationMs").GetInt64());
        Assert.Equal("configs/web/site.conf", applied.GetProperty("changedInputs")[0].GetString());
        Assert.Equal(("web", 7), Assert.Single(agent.Control.HistoryQueries));
    }

    [Fact]
    public async Task History_defaults_to_fifty_events_of_every_service()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.GetAsync(new Uri("v1/history", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((null, 50), Assert.Single(agent.Control.HistoryQueries));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-3")]
    [InlineData("ten")]
    public async Task History_with_a_bad_limit_is_a_400_problem(string limit)
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.GetAsync(new Uri($"v1/history?limit={limit}", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "limit");
        Assert.Empty(agent.Control.HistoryQueries);
    }

    [Fact]
    public async Task Reconcile_without_a_token_is_401_with_a_bearer_challenge()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.PostAsync(new Uri("v1/reconcile", UriKind.Relative), null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "bearer");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Empty(agent.Control.Reconciled);
    }

    [Theory]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer s3cret-token-for-test")]
    [InlineData("Basic czNjcmV0LXRva2VuLWZvci10ZXN0cw==")]
    public async Task Reconcile_with_a_wrong_token_is_401(string authorization)
    {
        await using var agent = await RunningAgent.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/reconcile", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await agent.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "bearer");
        Assert.Empty(agent.Control.Reconciled);
    }

    [Fact]
    public async Task Reconcile_with_the_token_runs_a_pass_for_the_service()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await SendReconcileAsync(agent, "v1/reconcile?service=web");
        using var json = await JsonOf(response, HttpStatusCode.OK);

        Assert.True(json.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal("applied", json.RootElement.GetProperty("events")[0].GetProperty("result").GetString());
        Assert.Equal("web", Assert.Single(agent.Control.Reconciled));
    }

    [Fact]
    public async Task Reconcile_of_every_service_passes_no_service()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await SendReconcileAsync(agent, "v1/reconcile");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Assert.Single(agent.Control.Reconciled));
    }

    [Fact]
    public async Task Reconcile_that_ran_but_a_service_failed_is_409_with_the_result()
    {
        await using var agent = await RunningAgent.StartAsync();
        agent.Control.ReconcileSucceeds = false;

        using var response = await SendReconcileAsync(agent, "v1/reconcile");
        using var json = await JsonOf(response, HttpStatusCode.Conflict);

        Assert.False(json.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal("failed", json.RootElement.GetProperty("events")[0].GetProperty("result").GetString());
    }

    [Fact]
    public async Task Reconcile_of_an_unknown_service_is_a_404_problem()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await SendReconcileAsync(agent, "v1/reconcile?service=nope");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "'nope'");
    }

    [Fact]
    public async Task Reconcile_without_any_token_configured_is_403_naming_the_settings()
    {
        await using var agent = await RunningAgent.StartAsync(withToken: false);

        using var response = await SendReconcileAsync(agent, "v1/reconcile");

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "agent.token_file");
        Assert.Contains("agent.token_env", detail, StringComparison.Ordinal);
        Assert.Empty(agent.Control.Reconciled);
    }

    [Fact]
    public async Task A_declared_2_MiB_body_is_413_even_where_no_body_is_read()
    {
        await using var agent = await RunningAgent.StartAsync();

        // Headers only: the agent must answer from the declared length, without waiting for the body.
        var (status, head, body) = await RawRequestAsync(
            agent.BaseAddress,
            "POST /v1/reconcile HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + RunningAgent.Token
            + "\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n");

        Assert.Equal(413, status);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":413", body, StringComparison.Ordinal);
        Assert.Contains("too large", body, StringComparison.Ordinal);
        Assert.Empty(agent.Control.Reconciled);
    }

    [Fact]
    public async Task A_declared_2_MiB_body_without_the_token_is_401_before_the_body_is_looked_at()
    {
        await using var agent = await RunningAgent.StartAsync();

        var (status, head, body) = await RawRequestAsync(
            agent.BaseAddress,
            "POST /v1/reconcile HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2097152\r\n\r\n");

        Assert.Equal(401, status);
        Assert.Contains("WWW-Authenticate: Bearer", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":401", body, StringComparison.Ordinal);
        Assert.Empty(agent.Control.Reconciled);
    }

    [Fact]
    public async Task A_2_MiB_body_sent_by_a_client_is_413()
    {
        await using var agent = await RunningAgent.StartAsync();
        using var request = ReconcileRequest("v1/reconcile");
        request.Content = new ByteArrayContent(new byte[2 * 1024 * 1024]);

        using var response = await agent.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too large");
        Assert.Empty(agent.Control.Reconciled);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        await using var agent = await RunningAgent.StartAsync();
        using var request = ReconcileRequest("v1/reconcile");
        request.Content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024]));
        request.Headers.TransferEncodingChunked = true;

        using var response = await agent.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too large");
        Assert.Empty(agent.Control.Reconciled);
    }

    [Fact]
    public async Task A_small_chunked_body_is_accepted()
    {
        await using var agent = await RunningAgent.StartAsync();
        using var request = ReconcileRequest("v1/reconcile");
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{}")));
        request.Headers.TransferEncodingChunked = true;

        using var response = await agent.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.GetAsync(new Uri("v2/nothing", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "/v2/nothing");
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.GetAsync(new Uri("v1/reconcile", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "GET");
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_the_recorded_applies()
    {
        await using var agent = await RunningAgent.StartAsync();
        agent.Metrics.Record(StubAgentControl.AppliedEvent);
        agent.Metrics.SetDrift("web", drifted: false);

        using var response = await agent.Client.GetAsync(new Uri("metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("driftless_applies_total{service=\"web\",mode=\"reload_http\",result=\"applied\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("driftless_apply_duration_seconds_count{service=\"web\",mode=\"reload_http\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("driftless_drift{service=\"web\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("driftless_last_success_timestamp_seconds{service=\"web\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_is_200_json()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.GetAsync(new Uri("healthz", UriKind.Relative));
        using var json = await JsonOf(response, HttpStatusCode.OK);

        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Healthz_is_a_503_problem_naming_the_problem_while_the_agent_is_unhealthy()
    {
        await using var agent = await RunningAgent.StartAsync();
        agent.Control.HealthReport = new AgentHealth(false, "2 changes pending and no pass completed for 95s (3 ticks)");

        using var response = await agent.Client.GetAsync(new Uri("healthz", UriKind.Relative));

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "no pass completed");
        Assert.Equal("2 changes pending and no pass completed for 95s (3 ticks)", detail);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    private static HttpRequestMessage ReconcileRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningAgent.Token);
        return request;
    }

    private static async Task<HttpResponseMessage> SendReconcileAsync(RunningAgent agent, string path)
    {
        using var request = ReconcileRequest(path);
        return await agent.Client.SendAsync(request);
    }

    private static async Task<JsonDocument> JsonOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body);
    }

    /// <summary>Sends raw request bytes and reads the response status, head and body (up to the connection close).</summary>
    private static async Task<(int Status, string Head, string Body)> RawRequestAsync(Uri baseAddress, string head)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var status = int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, text[..end], text[(end + 4)..]);
    }
}
