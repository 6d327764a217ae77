using Driftless.Core.Events;

namespace Driftless.Core.Execution;

/// <summary>Options of one apply run.</summary>
/// <param name="FailFast">Stop after the first failed service (default: independent services still run).</param>
/// <param name="Events">Extra sink for events (e.g. <c>--events FILE</c>); events always go to the state store.</param>
public sealed record ApplyOptions(bool FailFast = false, IEventSink? Events = null);
