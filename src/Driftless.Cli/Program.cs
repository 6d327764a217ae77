using Driftless.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C: let the in-flight step finish cancelling cleanly (state never advances half-way). A second one
    // takes the default action and ends the process at once; the next run converges from what is recorded.
    if (cancellation.IsCancellationRequested)
    {
        return;
    }

    e.Cancel = true;
    cancellation.Cancel();
};

return await CliApp.RunAsync(args, new CliConsole(Console.Out, Console.Error, CliConsole.IsTerminal()), cancellation.Token);
