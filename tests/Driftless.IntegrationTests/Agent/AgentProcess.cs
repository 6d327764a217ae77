using System.Diagnostics;
using System.Text.Json;
using Driftless.IntegrationTests.Cli;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary><c>driftless agent</c> as a real child process on a free loopback port, with its API as a test reads it.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly BackgroundProcess _process;

    private AgentProcess(BackgroundProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Pid;

    public string Output => _process.Output;

    /// <param name="environment">Variables to set (a null value removes one) on top of this process's environment.</param>
    /// <param name="extraArgs">More arguments for <c>driftless agent</c>.</param>
    public static AgentProcess Start(string registryPath, IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyList<string>? extraArgs = null)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet");
        foreach (var argument in new[] { DriftlessCli.DllPath, "agent", "-f", registryPath, "--listen", $"127.0.0.1:{port}", "--verbose" }.Concat(extraArgs ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return new AgentProcess(BackgroundProcess.Start(start), port);
    }

    public async Task<string> GetTextAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri($"http://127.0.0.1:{Port}{path}"));
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri($"http://127.0.0.1:{Port}{path}"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Polls <c>/v1/status</c> until <paramref name="condition"/> holds for the named service; returns that service's entry.</summary>
    public async Task<JsonElement> WaitForServiceAsync(string service, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"agent exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                var entry = (await GetJsonAsync("/v1/status")).GetProperty("services").EnumerateArray()
                    .First(s => s.GetProperty("name").GetString() == service);
                last = entry;
                if (condition(entry))
                {
                    return entry;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{service}: condition not met within {timeout}; last status {last}\n--- agent output\n{Output}");
    }

    /// <summary>Polls <c>/v1/history</c> until the service's newest event has <paramref name="result"/>, e.g. <c>started</c> once an apply is under way.</summary>
    public async Task WaitForLatestEventAsync(string service, string result, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                var events = (await GetJsonAsync($"/v1/history?service={service}&limit=1")).GetProperty("events").EnumerateArray().ToList();
                last = events.Count == 0 ? null : events[0].GetProperty("result").GetString();
                if (last == result)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{service}: newest event never became '{result}' within {timeout} (last '{last}')\n--- agent output\n{Output}");
    }

    public void Kill() => _process.Kill();

    /// <summary>SIGTERM, as systemd stops the unit; returns the exit code.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout) => _process.SignalAsync("TERM", timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
