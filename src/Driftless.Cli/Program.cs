using Driftless.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C: let the in-flight step finish cancelling cleanly (state never advances half-way).
    e.Cancel = true;
    cancellation.Cancel();
};

return await CliApp.RunAsync(args, new CliConsole(Console.Out, Console.Error, CliConsole.IsTerminal()), cancellation.Token);
