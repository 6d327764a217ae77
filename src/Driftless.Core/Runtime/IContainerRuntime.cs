namespace Driftless.Core.Runtime;

/// <summary>
/// The container engine, as the pipeline needs it. Implemented over the Docker Engine API in
/// Driftless.Docker; Core never sees Docker types. Engine connection failures surface as
/// <see cref="Errors.EngineUnreachableException"/>.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>The engine endpoint, for messages.</summary>
    string Endpoint { get; }

    /// <summary>Fails with <see cref="Errors.EngineUnreachableException"/> when the engine does not answer.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>The service's container (newest when several match), or null when none exists.</summary>
    Task<RuntimeContainer?> FindAsync(ContainerTarget target, CancellationToken cancellationToken);

    /// <summary>Re-inspects a container by id; null when it no longer exists.</summary>
    Task<RuntimeContainer?> InspectAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>
    /// The container's file system as its main process sees it (through <c>/proc/&lt;pid&gt;/root</c> on the
    /// engine host, else exec). Never the archive API: it re-resolves host paths. Cheap: nothing is read until asked.
    /// </summary>
    IContainerFiles FilesOf(RuntimeContainer container);

    /// <summary>Engine API restart with the given stop grace (SIGTERM, grace, SIGKILL).</summary>
    Task RestartAsync(string containerId, TimeSpan stopGrace, CancellationToken cancellationToken);

    /// <summary>Writes the override and runs compose <c>up -d --no-deps --force-recreate SERVICE</c>.</summary>
    Task RecreateAsync(RecreateRequest request, CancellationToken cancellationToken);

    /// <summary>Engine API kill with a signal (e.g. <c>SIGHUP</c>) to the container's main process.</summary>
    Task SignalAsync(string containerId, string signal, CancellationToken cancellationToken);

    /// <summary>
    /// Runs argv inside the container (Engine API exec, no shell) and waits for it. Throws
    /// <see cref="ModeUnavailableException"/> when the command cannot be started at all.
    /// </summary>
    Task<ExecOutcome> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken cancellationToken);

    /// <summary>
    /// Every container carrying <see cref="Registry.ManagedSpecs.ManagedLabel"/> with a value
    /// <c>&lt;project&gt;/…</c>, running or not. Containers without the label are never listed.
    /// </summary>
    Task<IReadOnlyList<RuntimeContainer>> ListManagedAsync(string project, CancellationToken cancellationToken);

    /// <summary>
    /// Creates and starts a managed container; returns its id. On any failure throws
    /// <see cref="ManagedStartException"/> after removing what it created.
    /// </summary>
    Task<string> StartManagedAsync(ManagedContainerRequest request, CancellationToken cancellationToken);

    /// <summary>Engine API stop by id: the container's stop signal, then SIGKILL after <paramref name="grace"/>. A stopped or missing container is fine.</summary>
    Task StopAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Removes a stopped container by id. A missing container is fine.</summary>
    Task RemoveAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a check in a throwaway container (no network, read-only root, memory and pids limits, no capabilities)
    /// and waits up to <see cref="CheckRun.Timeout"/>, killing it then. The container is removed afterwards whatever
    /// happens, also when <paramref name="cancellationToken"/> fires. Throws <see cref="Errors.DriftlessException"/>
    /// (<see cref="Errors.ErrorKind.ApplyFailed"/>) when the check cannot be started at all (image or program
    /// missing, a bind source gone) — never a <see cref="ModeUnavailableException"/>: no fallback skips a check.
    /// </summary>
    Task<CheckRunResult> RunCheckAsync(CheckRun run, CancellationToken cancellationToken);

    /// <summary>
    /// Removes check containers of <paramref name="project"/> left by an earlier run that could not remove them
    /// (killed mid-check): those whose owning process on this host is gone, and any past its deadline. A check
    /// still running for a live process is left alone. Returns how many were removed.
    /// </summary>
    Task<int> RemoveLeftoverChecksAsync(string project, CancellationToken cancellationToken);
}
