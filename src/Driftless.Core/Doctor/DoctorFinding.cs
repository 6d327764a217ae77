namespace Driftless.Core.Doctor;

/// <summary>One problem <c>driftless doctor</c> found in the registry against the live containers.</summary>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="Service">The registry service it concerns.</param>
/// <param name="Code">Stable machine-readable code, e.g. <c>single_file_mount</c> (see <see cref="DoctorCodes"/>).</param>
/// <param name="Message">What is wrong, naming paths and templates, never secret values or file contents.</param>
/// <param name="Fix">What to change.</param>
public sealed record DoctorFinding(Severity Severity, string Service, string Code, string Message, string Fix);
