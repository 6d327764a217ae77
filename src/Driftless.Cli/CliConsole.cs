namespace Driftless.Cli;

/// <summary>Where a command writes: standard output for results, standard error for diagnostics.</summary>
/// <param name="Out">Results (tables, JSON).</param>
/// <param name="Error">Errors and logs.</param>
/// <param name="IsTty">Standard output is a terminal: colour is used only then (and never with NO_COLOR).</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTty)
{
    public static bool IsTerminal() =>
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
}
