using System.Diagnostics;
using Driftless.Core.Errors;
using Driftless.Docker;
using Driftless.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.IntegrationTests.Cli;

/// <summary>
/// One engine timeout for every command (<c>--engine-timeout</c>, else <c>DRIFTLESS_ENGINE_TIMEOUT</c>, else 10 s),
/// against a stand-in engine on a unix socket (<c>DOCKER_HOST</c>) that never answers or hangs up mid-request.
/// A hung engine used to hold <c>plan</c> and <c>status</c> for 100 s while <c>apply</c> gave up after 3 s.
/// </summary>
public sealed class EngineTimeoutTests
{
    // Generous bound against a hang (the old wait was 100 s); the exact timeout is proven by the message.
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("plan")]
    [InlineData("status")]
    [InlineData("apply")]
    [InlineData("doctor")]
    [InlineData("agent")]
    public async Task A_silent_engine_is_exit_69_after_the_option_s_timeout_naming_the_endpoint(string command)
    {
        await using var engine = new EngineStandIn(EngineBehaviour.Silent);
        await using var stack = NewStack();
        string[] args = command == "agent" ? [command, "--engine-timeout", "1s", "--listen", "127.0.0.1:0"] : [command, "--engine-timeout", "1s"];

        var (result, elapsed) = await RunAsync(stack, args, engine.Endpoint);

        AssertUnreachable(result, engine, "no answer within 1s (set --engine-timeout or DRIFTLESS_ENGINE_TIMEOUT)");
        Assert.True(elapsed < HangBound, $"took {elapsed}");
    }

    [Fact]
    public async Task The_environment_variable_sets_the_timeout_when_the_option_is_absent()
    {
        await using var engine = new EngineStandIn(EngineBehaviour.Silent);
        await using var stack = NewStack();

        var (result, _) = await RunAsync(stack, ["status"], engine.Endpoint, ("DRIFTLESS_ENGINE_TIMEOUT", "1500ms"));

        AssertUnreachable(result, engine, "no answer within 1500ms");
    }

    [Fact]
    public async Task The_option_wins_over_the_environment_variable()
    {
        await using var engine = new EngineStandIn(EngineBehaviour.Silent);
        await using var stack = NewStack();

        var (result, _) = await RunAsync(stack, ["plan", "--engine-timeout", "1s"], engine.Endpoint, ("DRIFTLESS_ENGINE_TIMEOUT", "5m"));

        AssertUnreachable(result, engine, "no answer within 1s");
    }

    [Fact]
    public async Task Without_option_or_variable_the_timeout_is_10_seconds()
    {
        await using var engine = new EngineStandIn(EngineBehaviour.Silent);
        await using var stack = NewStack();

        var (result, elapsed) = await RunAsync(stack, ["plan"], engine.Endpoint, ("DRIFTLESS_ENGINE_TIMEOUT", null));

        AssertUnreachable(result, engine, "no answer within 10s");
        Assert.True(elapsed < HangBound, $"took {elapsed}");
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    public async Task An_engine_that_hangs_up_mid_request_is_exit_69_naming_the_endpoint(string command)
    {
        await using var engine = new EngineStandIn(EngineBehaviour.HangUp);
        await using var stack = NewStack();

        var (result, _) = await RunAsync(stack, [command], engine.Endpoint);

        AssertUnreachable(result, engine, string.Empty);
    }

    [Fact]
    public async Task Through_a_proxying_stand_in_the_engine_answers()
    {
        await using var engine = new EngineStandIn(EngineBehaviour.Proxy);
        await using var stack = NewStack();

        var (result, _) = await RunAsync(stack, ["status", "--engine-timeout", "30s"], engine.Endpoint);

        // Nothing runs for the service: "not in sync" (2), the engine's answer, not a timeout.
        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.True(engine.Accepted > 0);
    }

    [Theory]
    [InlineData("0", "must be longer than 0")]
    [InlineData("abc", "not a duration")]
    [InlineData("25h", "must be longer than 0 and at most 24h")]
    public async Task A_bad_option_value_is_a_usage_error(string value, string problem)
    {
        await using var stack = NewStack();

        var result = await stack.RunProcessAsync(["history", "--engine-timeout", value]);

        Assert.True(result.ExitCode == 64, result.Describe());
        Assert.Contains($"--engine-timeout {value}: {problem}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_variable_value_is_a_usage_error_naming_the_variable()
    {
        await using var stack = NewStack();

        var result = await stack.RunProcessAsync(["plan"], new Dictionary<string, string?> { ["DRIFTLESS_ENGINE_TIMEOUT"] = "10" });

        Assert.True(result.ExitCode == 64, result.Describe());
        Assert.Contains("DRIFTLESS_ENGINE_TIMEOUT=10: not a duration", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_and_stop_wait_their_grace_plus_the_timeout_and_exec_the_timeout()
    {
        await using var engine = new EngineStandIn(EngineBehaviour.Silent);
        var runtime = DockerRuntimeFactory.Create(
            NullLoggerFactory.Instance,
            new DockerRuntimeOptions { Endpoint = engine.Endpoint, Timeout = TimeSpan.FromSeconds(1) });
        try
        {
            var restart = await Assert.ThrowsAsync<EngineUnreachableException>(
                () => runtime.RestartAsync("c0ffee", TimeSpan.FromSeconds(1), CancellationToken.None).WaitAsync(HangBound));
            var stop = await Assert.ThrowsAsync<EngineUnreachableException>(
                () => runtime.StopAsync("c0ffee", TimeSpan.FromSeconds(2), CancellationToken.None).WaitAsync(HangBound));
            var exec = await Assert.ThrowsAsync<EngineUnreachableException>(
                () => runtime.ExecAsync("c0ffee", ["true"], CancellationToken.None).WaitAsync(HangBound));

            Assert.EndsWith("no answer within 2s (set --engine-timeout or DRIFTLESS_ENGINE_TIMEOUT)", restart.Message, StringComparison.Ordinal);
            Assert.EndsWith("no answer within 3s (set --engine-timeout or DRIFTLESS_ENGINE_TIMEOUT)", stop.Message, StringComparison.Ordinal);
            Assert.EndsWith("no answer within 1s (set --engine-timeout or DRIFTLESS_ENGINE_TIMEOUT)", exec.Message, StringComparison.Ordinal);
        }
        finally
        {
            (runtime as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task A_caller_s_cancellation_stays_a_cancellation_not_an_unreachable_engine()
    {
        await using var engine = new EngineStandIn(EngineBehaviour.Silent);
        var runtime = DockerRuntimeFactory.Create(
            NullLoggerFactory.Instance,
            new DockerRuntimeOptions { Endpoint = engine.Endpoint, Timeout = TimeSpan.FromMinutes(5) });
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => runtime.InspectAsync("c0ffee", cancel.Token).WaitAsync(HangBound));
        }
        finally
        {
            (runtime as IDisposable)?.Dispose();
        }
    }

    private static Stack NewStack()
    {
        var stack = new Stack();
        stack.Write("configs/app.conf", "v1\n");
        stack.Service("app").Mode("restart").FileMount("configs/app.conf", "/etc/app/app.conf");
        stack.WriteFiles();
        return stack;
    }

    private static async Task<(CmdResult Result, TimeSpan Elapsed)> RunAsync(
        Stack stack, IReadOnlyList<string> args, string endpoint, params (string Name, string? Value)[] environment)
    {
        var variables = new Dictionary<string, string?> { ["DOCKER_HOST"] = endpoint, ["DRIFTLESS_ENGINE_TIMEOUT"] = null };
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        var watch = Stopwatch.StartNew();
        var result = await stack.RunProcessAsync(args, variables);
        return (result, watch.Elapsed);
    }

    private static void AssertUnreachable(CmdResult result, EngineStandIn engine, string reason)
    {
        Assert.True(result.ExitCode == 69, result.Describe());
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"driftless: container engine unreachable at {engine.Endpoint}: {reason}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.True(engine.Accepted > 0, "the command never asked the stand-in engine");
    }
}
