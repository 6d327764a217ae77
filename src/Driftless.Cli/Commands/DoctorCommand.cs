using System.CommandLine;
using Driftless.Cli.Output;
using Driftless.Core.Doctor;
using Driftless.Core.Errors;
using Driftless.Core.Registry;

namespace Driftless.Cli.Commands;

internal static class DoctorCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command(
            "doctor",
            "Lint the registry against the live containers: single-file mounts, unmounted inputs, unreachable reload endpoints, signals a shell swallows; as info, a check: for known images. Exit 0: nothing above info; 2: warnings; 1: errors.");
        command.SetAction(async (parse, ct) =>
        {
            var registry = await new RegistryLoader().LoadAsync(context.RegistryPath(parse), ct);
            var runtime = context.HostFor(parse).Runtime();
            try
            {
                // Doctor reads no state: it must work before the first apply, so no state store is opened.
                var findings = await new Doctor(runtime, EndpointProbes.Tcp(context.Host.Time)).ExamineAsync(registry, ct);
                if (context.Format(parse) == OutputFormat.Json)
                {
                    DoctorRenderer.Json(context.Console, registry, findings);
                }
                else
                {
                    DoctorRenderer.Text(context.Console, findings);
                }

                return ExitCode(findings);
            }
            finally
            {
                (runtime as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    /// <summary>Documented in the README: 1 when any error, 2 when only warnings, 0 otherwise (info included).</summary>
    private static int ExitCode(IReadOnlyList<DoctorFinding> findings) =>
        findings.Any(f => f.Severity == Severity.Error) ? ExitCodes.ApplyFailed
        : findings.Any(f => f.Severity == Severity.Warning) ? ExitCodes.Pending
        : ExitCodes.Ok;
}
