using Driftless.Core.Checks;
using Driftless.Core.Runtime;

namespace Driftless.Core.Tests.Fakes;

/// <summary>Host checks that record what they were asked to run and answer <see cref="Result"/>.</summary>
internal sealed class FakeHostCommands : IHostCommandRunner
{
    public List<HostCommand> Runs { get; } = [];

    public CheckRunResult Result { get; set; } = new(0, false, "ok", TimeSpan.Zero);

    public Task<CheckRunResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
    {
        Runs.Add(command);
        return Task.FromResult(Result);
    }
}
