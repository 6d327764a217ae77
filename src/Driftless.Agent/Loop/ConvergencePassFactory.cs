using Driftless.Core.Convergence;
using Driftless.Core.State;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

/// <summary>
/// Builds the one pipeline on a state store the loop opened (again when an edit moves the state directory).
/// The loop hands over its own clock and logging, so production passes them on to <c>ConvergencePass</c>.
/// </summary>
public delegate IConvergencePass ConvergencePassFactory(IStateStore store, TimeProvider time, ILoggerFactory loggers);
