using System.Net;
using Driftless.Agent.Api;
using Driftless.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Tests.Api;

/// <summary>Errors through the real pipeline: every one is an RFC 9457 problem, statuses by error kind.</summary>
public sealed class ProblemDetailsTests
{
    /// <summary>The documented status of each kind (docs/agent-api.md); a new kind must be added here.</summary>
    public static TheoryData<ErrorKind, HttpStatusCode> StatusOfEachKind => new()
    {
        { ErrorKind.Usage, HttpStatusCode.BadRequest },
        { ErrorKind.UnknownService, HttpStatusCode.NotFound },
        { ErrorKind.InvalidRegistry, HttpStatusCode.UnprocessableEntity },
        { ErrorKind.InvalidInput, HttpStatusCode.UnprocessableEntity },
        { ErrorKind.EngineUnreachable, HttpStatusCode.ServiceUnavailable },
        { ErrorKind.LockHeld, HttpStatusCode.Conflict },
        { ErrorKind.StateUnusable, HttpStatusCode.InternalServerError },
        { ErrorKind.StateNotWritable, HttpStatusCode.InsufficientStorage },
        { ErrorKind.OutputNotWritable, HttpStatusCode.InternalServerError },
        { ErrorKind.ApplyFailed, HttpStatusCode.InternalServerError },
        { ErrorKind.CannotListen, HttpStatusCode.InternalServerError },
    };

    [Fact]
    public void The_status_table_covers_every_error_kind()
    {
        var covered = StatusOfEachKind.Select(row => (ErrorKind)row[0]).Order();

        Assert.Equal(Enum.GetValues<ErrorKind>().Order(), covered);
    }

    [Theory]
    [MemberData(nameof(StatusOfEachKind))]
    public async Task An_error_of_each_kind_answers_its_status_with_its_message_as_detail(ErrorKind kind, HttpStatusCode expected)
    {
        await using var agent = await RunningAgent.StartAsync();
        var message = $"{kind} went wrong: it's described for the user";
        agent.Control.StatusFailure = new DriftlessException(kind, message);

        using var response = await agent.Client.GetAsync(new Uri("v1/status", UriKind.Relative));

        Assert.Equal(message, await ProblemAssert.IsProblemAsync(response, expected, message));
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_whose_detail_does_not_leak_its_message()
    {
        var logs = new CapturedLogs();
        await using var agent = await RunningAgent.StartAsync(logs: logs);
        agent.Control.StatusFailure = new InvalidOperationException("connection string Password=hunter2 rejected");

        using var response = await agent.Client.GetAsync(new Uri("v1/status", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("internal error (see the agent log)", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError, "agent log"));
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        var logged = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Contains("InvalidOperationException: connection string Password=hunter2 rejected", logged.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_cancelled_by_the_agent_stopping_is_a_503()
    {
        await using var agent = await RunningAgent.StartAsync();
        agent.Control.StatusFailure = new OperationCanceledException();

        using var response = await agent.Client.GetAsync(new Uri("v1/status", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "shutting down");
    }

    [Fact]
    public async Task A_client_that_hung_up_gets_no_answer_and_no_error_is_logged()
    {
        var logs = new CapturedLogs();
        await using var agent = await RunningAgent.StartAsync(logs: logs);
        agent.Control.StatusWaitsForCancellation = true;
        using var hangUp = new CancellationTokenSource();
        var request = agent.Client.GetAsync(new Uri("v1/status", UriKind.Relative), hangUp.Token);
        await agent.Control.StatusEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        // The hosting layer logs the request's end with the status the pipeline left: 499, nothing written.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!logs.Entries.Any(e => e.Text.StartsWith("Request finished", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var finished = Assert.Single(logs.Entries, e => e.Text.StartsWith("Request finished", StringComparison.Ordinal));
        Assert.Contains(" - 499 ", finished.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_client_accepting_no_json_gets_the_status_without_a_body()
    {
        await using var agent = await RunningAgent.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("v1/history?limit=0", UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await agent.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_bodiless_404_for_an_unknown_route_is_a_problem_naming_the_path()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.DeleteAsync(new Uri("v1/nothing/here", UriKind.Relative));

        Assert.Equal(
            "no such endpoint: /v1/nothing/here",
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "/v1/nothing/here"));
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem_naming_the_method_and_path()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.PostAsync(new Uri("v1/status", UriKind.Relative), null);

        Assert.Equal(
            "method POST is not allowed on /v1/status",
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "POST"));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem_naming_the_limit()
    {
        await using var agent = await RunningAgent.StartAsync();

        using var response = await agent.Client.PutAsync(
            new Uri("v1/status", UriKind.Relative), new ByteArrayContent(new byte[AgentApi.MaxRequestBodyBytes + 1]));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "1048576 bytes");
    }
}
