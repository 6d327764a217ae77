namespace Driftless.Core.Doctor;

/// <summary>How bad a <see cref="DoctorFinding"/> is. Declared most severe first: findings sort by it.</summary>
public enum Severity
{
    /// <summary>Applies will fail or cannot be verified.</summary>
    Error,

    /// <summary>Works, but not as configured (escalations, fallbacks, signals that go nowhere).</summary>
    Warning,

    /// <summary>Works; a better setup exists.</summary>
    Info,
}
