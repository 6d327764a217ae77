using Driftless.Core.Runtime;

namespace Driftless.Core.Checks;

/// <summary>Runs a host check (<c>check.where: host</c>): a process on this machine, argv only (never a shell).</summary>
public interface IHostCommandRunner
{
    /// <summary>Runs <paramref name="command"/>; a timeout kills it and is reported in the result, not thrown.</summary>
    Task<CheckRunResult> RunAsync(HostCommand command, CancellationToken cancellationToken);
}
