using System.Globalization;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Execution;

/// <summary><c>apply: exec</c> — argv runs inside the container (no shell); a non-zero exit fails the service.</summary>
internal sealed class ExecStrategy(IContainerRuntime runtime) : IApplyStrategy
{
    public ApplyMode Mode => ApplyMode.Exec;

    public async Task<ModeResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        var service = context.Item.Service;
        var container = context.Item.Container
            ?? throw new ModeUnavailableException($"{service.Name}: container missing; nothing to exec in");
        var argv = service.Exec
            ?? throw new DriftlessException(ErrorKind.InvalidRegistry, $"{service.Name}: apply: exec needs `exec:`");
        var outcome = await runtime.ExecAsync(container.Id, argv, cancellationToken);
        var output = string.Create(CultureInfo.InvariantCulture, $"exit {outcome.ExitCode}: {outcome.OutputTail}");
        return outcome.ExitCode == 0
            ? new ModeResult(Output: output)
            : new ModeResult($"exec `{argv[0]}` exited {outcome.ExitCode}", output);
    }
}
