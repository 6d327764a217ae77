namespace Driftless.Core.Planning;

/// <summary>The one action the executor takes for a service.</summary>
public enum PlanAction
{
    /// <summary>Nothing to do: the container is not touched and state is not changed.</summary>
    Noop,

    /// <summary>Record what the process already sees; the container is not touched.</summary>
    Adopt,

    /// <summary>Apply by the service's mode, verify, record.</summary>
    Apply,

    /// <summary>Cannot be converged by this mode (e.g. input not mounted): reported and failed, nothing touched.</summary>
    Blocked,
}
