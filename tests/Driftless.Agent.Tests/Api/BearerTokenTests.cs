using System.Net;
using System.Net.Http.Headers;
using Driftless.Agent.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Driftless.Agent.Tests.Api;

/// <summary>The Bearer scheme: who may call what, and that the token stays out of the log.</summary>
public sealed class BearerTokenTests
{
    [Fact]
    public async Task The_right_token_is_accepted_case_insensitively_by_scheme()
    {
        await using var agent = await RunningAgent.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/reconcile", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + RunningAgent.Token);

        using var response = await agent.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Assert.Single(agent.Control.Reconciled));
    }

    [Fact]
    public async Task A_wrong_token_is_a_401_problem_with_a_bearer_challenge()
    {
        await using var agent = await RunningAgent.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/reconcile", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-" + RunningAgent.Token);

        using var response = await agent.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "bearer token");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Empty(agent.Control.Reconciled);
    }

    [Fact]
    public async Task With_no_token_configured_a_presented_token_is_still_403()
    {
        await using var agent = await RunningAgent.StartAsync(withToken: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/reconcile", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningAgent.Token);

        using var response = await agent.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "no API token is configured");
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Empty(agent.Control.Reconciled);
    }

    [Theory]
    [InlineData("v1/status")]
    [InlineData("v1/history")]
    [InlineData("metrics")]
    [InlineData("healthz")]
    public async Task Reads_need_no_token_and_ignore_a_wrong_one(string path)
    {
        await using var agent = await RunningAgent.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");

        using var anonymous = await agent.Client.GetAsync(new Uri(path, UriKind.Relative));
        using var wrong = await agent.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
    }

    [Fact]
    public async Task Every_endpoint_but_the_reads_requires_the_token()
    {
        await using var agent = await RunningAgent.StartAsync();
        var endpoints = agent.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var open = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var guarded = endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null;
            Assert.True(guarded, $"{endpoint.DisplayName} has no authorization metadata");
            Assert.True(
                open == (methods.Count > 0 && methods.All(m => m == HttpMethods.Get)),
                $"{endpoint.DisplayName}: only GET endpoints may be open");
        }
    }

    [Fact]
    public async Task Neither_a_right_nor_a_wrong_token_ever_reaches_the_log()
    {
        var logs = new CapturedLogs();
        const string wrongToken = "wrong-token-that-must-not-be-logged";
        await using (var agent = await RunningAgent.StartAsync(logs: logs))
        {
            agent.Control.StatusFailure = new InvalidOperationException("boom");
            foreach (var (method, path, token) in new[]
            {
                (HttpMethod.Post, "v1/reconcile", RunningAgent.Token),
                (HttpMethod.Post, "v1/reconcile", wrongToken),
                (HttpMethod.Post, "v1/reconcile?service=nope", RunningAgent.Token),
                (HttpMethod.Get, "v1/status", RunningAgent.Token),
                (HttpMethod.Get, "v2/nothing", RunningAgent.Token),
                (HttpMethod.Delete, "v1/reconcile", wrongToken),
            })
            {
                using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await agent.Client.SendAsync(request);
            }
        }

        var all = logs.AllText();
        Assert.Contains("boom", all, StringComparison.Ordinal);
        Assert.Contains("Request starting", all, StringComparison.Ordinal);
        Assert.DoesNotContain(RunningAgent.Token, all, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongToken, all, StringComparison.Ordinal);
    }
}
