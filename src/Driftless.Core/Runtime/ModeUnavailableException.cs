using Driftless.Core.Errors;

namespace Driftless.Core.Runtime;

/// <summary>
/// The primary apply mode could not run at all (reload endpoint refused or timed out, DNS failure,
/// exec binary missing): a <c>fallback:</c> mode may be used instead. A mode that ran and was answered
/// with a failure (non-2xx, non-zero exit) is NOT this: that fails closed.
/// </summary>
public sealed class ModeUnavailableException(string message, Exception? inner = null)
    : DriftlessException(ErrorKind.ApplyFailed, message, inner);
