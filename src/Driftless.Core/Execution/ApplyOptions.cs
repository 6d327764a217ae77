using Driftless.Core.Events;

namespace Driftless.Core.Execution;

/// <summary>Options of one apply run.</summary>
/// <param name="FailFast">Once a service fails, services not yet started are skipped (default: independent services still run).</param>
/// <param name="Events">Extra sink for events (e.g. <c>--events FILE</c>); events always go to the state store.</param>
/// <param name="Parallelism">How many independent services are applied at once (the CLI's <c>--parallel</c>, default 4 there).</param>
public sealed record ApplyOptions(bool FailFast = false, IEventSink? Events = null, int Parallelism = 1);
