using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace Driftless.Docker;

/// <summary>
/// The Engine API calls behind managed containers: list/find by Driftless's own label, create+start
/// (cleaning up on any failure so a retry never leaves duplicates), graceful stop, remove. Env values
/// never reach logs or messages: engine errors are redacted before they are surfaced.
/// </summary>
internal sealed class ManagedContainerOps(DockerClient client, string endpoint, TimeSpan timeout, ILogger logger)
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<RuntimeContainer>> ListAsync(string project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var prefix = project + "/";
        var listed = await ListByLabelAsync(ManagedSpecs.ManagedLabel, cancellationToken);
        var ids = listed
            .Where(c => c.Labels?.TryGetValue(ManagedSpecs.ManagedLabel, out var value) == true && value.StartsWith(prefix, StringComparison.Ordinal))
            .Select(c => c.ID)
            .ToList();
        var inspected = await Task.WhenAll(ids.Select(id => InspectAsync(id, cancellationToken)));
        return [.. inspected.OfType<RuntimeContainer>().OrderByDescending(c => c.Created)];
    }

    /// <summary>
    /// The newest container labelled <c>&lt;project&gt;/&lt;service&gt;</c>, by creation time. The list's
    /// <c>Created</c> has whole seconds only, so several candidates are inspected for the precise time.
    /// </summary>
    public async Task<string?> FindAsync(string project, string service, CancellationToken cancellationToken)
    {
        var listed = await ListByLabelAsync($"{ManagedSpecs.ManagedLabel}={ManagedSpecs.LabelValue(project, service)}", cancellationToken);
        if (listed.Count <= 1)
        {
            return listed.Count == 0 ? null : listed[0].ID;
        }

        var inspected = await Task.WhenAll(listed.Select(c => InspectAsync(c.ID, cancellationToken)));
        return inspected.OfType<RuntimeContainer>().OrderByDescending(c => c.Created).Select(c => c.Id).FirstOrDefault();
    }

    public async Task<string> StartAsync(ManagedContainerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Spec;
        var service = request.Labels.GetValueOrDefault(ManagedSpecs.ManagedLabel) ?? request.Name;
        Log.ManagedCreating(logger, service, request.Name, spec.Image);
        string id;
        try
        {
            var created = await EngineErrors.CallAsync(
                endpoint, () => client.Containers.CreateContainerAsync(ManagedCreateParameters.For(request), cancellationToken), cancellationToken, timeout);
            id = created.ID;
        }
        catch (DockerApiException e)
        {
            throw Failure(service, spec, "could not create the container", e);
        }

        try
        {
            await EngineErrors.CallAsync(endpoint, () => client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken), cancellationToken, timeout);
        }
        catch (DockerApiException e)
        {
            await CleanUpAsync(id, cancellationToken);
            throw Failure(service, spec, $"container {Short(id)} could not start", e);
        }
        catch (Exception e) when (e is OperationCanceledException or EngineUnreachableException)
        {
            // Best effort, briefly: the engine may still be there (a cancelled start); a leftover carries the label
            // and is adopted or removed as an orphan by a later pass anyway.
            using var brief = new CancellationTokenSource(CleanupTimeout);
            await CleanUpAsync(id, brief.Token);
            throw;
        }

        Log.ManagedStarted(logger, service, Short(id));
        return id;
    }

    /// <summary><c>docker stop</c>: the container's stop signal, SIGKILL after the grace. Stopped or missing is fine.</summary>
    public async Task StopAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken)
    {
        var seconds = (uint)Math.Ceiling(Math.Max(0, grace.TotalSeconds));
        Log.ManagedStopping(logger, Short(containerId), seconds);

        // The client waits without limit here (the grace may be long): the engine has the grace plus its timeout.
        var limit = TimeSpan.FromSeconds(seconds) + timeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            await EngineErrors.CallAsync(
                endpoint,
                () => client.Containers.StopContainerAsync(containerId, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, bounded.Token),
                cancellationToken,
                limit);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.NotModified)
        {
        }
        catch (DockerApiException e)
        {
            throw new DriftlessException(ErrorKind.ApplyFailed, $"stop of container {Short(containerId)} failed: engine answered {(int)e.StatusCode}: {EngineMessage(e)}", e);
        }
    }

    /// <summary>Removes a stopped container (never forced: a running one is an error). Missing is fine.</summary>
    public async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        Log.ManagedRemoving(logger, Short(containerId));
        try
        {
            await EngineErrors.CallAsync(
                endpoint,
                () => client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = false, RemoveVolumes = true }, cancellationToken),
                cancellationToken,
                timeout);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
        catch (DockerApiException e)
        {
            throw new DriftlessException(ErrorKind.ApplyFailed, $"removal of container {Short(containerId)} failed: engine answered {(int)e.StatusCode}: {EngineMessage(e)}", e);
        }
    }

    private async Task<RuntimeContainer?> InspectAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await EngineErrors.CallAsync(endpoint, () => client.Containers.InspectContainerAsync(id, cancellationToken), cancellationToken, timeout);
            return ContainerMapper.ToRuntime(inspected);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Removed between list and inspect.
            return null;
        }
    }

    private Task<IList<ContainerListResponse>> ListByLabelAsync(string labelFilter, CancellationToken cancellationToken)
    {
        var parameters = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [labelFilter] = true } },
        };
        return EngineErrors.CallAsync(endpoint, () => client.Containers.ListContainersAsync(parameters, cancellationToken), cancellationToken, timeout);
    }

    private async Task CleanUpAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
            Log.ManagedCleanedUp(logger, Short(id));
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException or TimeoutException)
        {
            Log.ManagedCleanupFailed(logger, Short(id), e.GetType().Name);
        }
    }

    private ManagedStartException Failure(string service, ManagedSpec spec, string what, DockerApiException e)
    {
        var message = Redact(EngineMessage(e), spec.Environment.Values);
        Log.ManagedStartFailed(logger, service, spec.Image, (int)e.StatusCode, message);
        return new ManagedStartException(
            string.Create(CultureInfo.InvariantCulture, $"managed service {service} (image {spec.Image}): {what}: engine answered {(int)e.StatusCode}: {message}"));
    }

    /// <summary>The engine's <c>{"message": ...}</c> text, or the raw body.</summary>
    internal static string EngineMessage(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim() ?? string.Empty;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message)
                && message.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return body.Length > 0 ? body : e.StatusCode.ToString();
    }

    /// <summary>An engine message may quote the create request (e.g. an invalid variable); env values never leave.</summary>
    internal static string Redact(string message, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.Where(s => s.Length >= 3).OrderByDescending(s => s.Length))
        {
            message = message.Replace(secret, "***", StringComparison.Ordinal);
        }

        return message;
    }

    private static string Short(string id) => id[..Math.Min(12, id.Length)];
}
