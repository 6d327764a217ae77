using System.Security.Cryptography;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

/// <summary>
/// The registry the loop converges, YARP style: the one handed over at start is revision 1; an edit of its file
/// is validated completely (parsed, its state directory opened) before it replaces the one in force, else it is
/// rejected and the last good registry stays. Saving the bytes in force again is no edit (content hash).
/// </summary>
internal sealed class RegistryInForce(AgentLoopOptions options, TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    private volatile RegistrySnapshot? _current;

    /// <exception cref="InvalidOperationException">Before <see cref="StartAsync"/>.</exception>
    public RegistrySnapshot Current => _current ?? throw new InvalidOperationException("the agent has not started");

    /// <summary>The registry in force (before start: the one handed over).</summary>
    public DriftlessRegistry Registry => _current?.Registry ?? options.Registry;

    /// <summary>Opens the state store of the registry handed over; revision 1.</summary>
    public async Task<RegistryUpdate> StartAsync(CancellationToken cancellationToken)
    {
        var registry = options.Registry;
        var binding = await StateBinding.OpenAsync(registry.StateDirectory, options.Pass, time, loggers, cancellationToken);
        _current = new RegistrySnapshot(registry, 1, binding, FileHash(registry.FilePath));
        return new RegistryUpdate(registry, 1, null);
    }

    /// <summary>Re-reads the file. Never throws for a bad edit: a rejected one is returned and kept in <see cref="Current"/>.</summary>
    public async Task<RegistryReload> ReloadAsync(CancellationToken cancellationToken)
    {
        var current = Current;
        var hash = FileHash(current.Registry.FilePath);
        if (hash is not null && hash == current.FileHash && current.Error is null)
        {
            return RegistryReload.Unchanged;
        }

        DriftlessRegistry next;
        var binding = current.Binding;
        try
        {
            next = await new RegistryLoader().LoadAsync(current.Registry.FilePath, cancellationToken);
            if (next.StateDirectory != binding.StateDirectory)
            {
                binding = await StateBinding.OpenAsync(next.StateDirectory, options.Pass, time, loggers, cancellationToken);
            }
        }
        catch (DriftlessException e)
        {
            var at = time.GetUtcNow();
            _current = current with { Error = e.Message, ErrorAt = at };
            return new RegistryReload(null, new RegistryRejection(current.Registry.FilePath, e, at, current.Revision));
        }

        _current = new RegistrySnapshot(next, current.Revision + 1, binding, hash);
        if (binding != current.Binding)
        {
            // A status read still holding the old store may fail once; passes only run on this loop's thread.
            await current.Binding.DisposeAsync();
        }

        return new RegistryReload(new RegistryUpdate(next, current.Revision + 1, current.Registry), null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_current is { } current)
        {
            _current = null;
            await current.Binding.DisposeAsync();
        }
    }

    private static string? FileHash(string path)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>The registry in force with its revision and state, and the newest rejected edit (cleared by the next accepted one).</summary>
internal sealed record RegistrySnapshot(DriftlessRegistry Registry, long Revision, StateBinding Binding, string? FileHash)
{
    public string? Error { get; init; }

    public DateTimeOffset? ErrorAt { get; init; }
}

/// <summary>What a re-read found: an edit applied, one rejected, or (both null) the bytes in force.</summary>
internal sealed record RegistryReload(RegistryUpdate? Applied, RegistryRejection? Rejected)
{
    public static readonly RegistryReload Unchanged = new(null, null);
}
