namespace Driftless.Core.Runtime;

/// <summary>
/// One throwaway check container: <see cref="Argv"/> run in <see cref="Image"/> (no shell) with the service's
/// bind mounts, no network, a read-only root and bounded resources; removed afterwards whatever happens.
/// </summary>
/// <param name="Project">The project, for the labels that let a later run find and remove leftovers.</param>
/// <param name="Owner">Who runs it, e.g. <c>&lt;service&gt;/&lt;run id&gt;</c>; recorded on the check label.</param>
/// <param name="Image">The service's current image (a managed service: the new spec's image).</param>
/// <param name="Argv">The check command; the first element is the program.</param>
/// <param name="Mounts">The bind mounts the service sees, at the same paths.</param>
/// <param name="Environment">Environment variables (a managed service's spec env); values never reach logs or messages.</param>
/// <param name="Timeout">How long the check may run before it is killed and reported as timed out.</param>
public sealed record CheckRun(
    string Project,
    string Owner,
    string Image,
    IReadOnlyList<string> Argv,
    IReadOnlyList<CheckMount> Mounts,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan Timeout)
{
    /// <summary>Working directory inside the container; null keeps the image's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>User (<c>uid[:gid]</c> or name) to run as; null keeps the image's.</summary>
    public string? User { get; init; }
}
