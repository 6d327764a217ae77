using Spectre.Console;

namespace Driftless.Cli.Output;

internal static class ConsoleFactory
{
    /// <summary>A Spectre console on the given writer: colour only on a terminal; wide when redirected so tables don't wrap in logs.</summary>
    public static IAnsiConsole For(TextWriter writer, bool isTty)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTty ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTty ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!isTty)
        {
            console.Profile.Width = 240;
        }

        return console;
    }
}
