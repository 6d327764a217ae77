namespace Driftless.Core.Checks;

/// <summary>One host check process.</summary>
/// <param name="Argv">The program, then its arguments (placeholders already expanded).</param>
/// <param name="WorkingDirectory">The registry's directory.</param>
/// <param name="Timeout">How long it may run before it is killed.</param>
public sealed record HostCommand(IReadOnlyList<string> Argv, string WorkingDirectory, TimeSpan Timeout);
