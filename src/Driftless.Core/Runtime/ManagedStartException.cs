using Driftless.Core.Errors;

namespace Driftless.Core.Runtime;

/// <summary>
/// A managed container could not be created or started (unknown image, bad command, port in use).
/// The runtime has already removed whatever it created, so a retry does not leave duplicates.
/// </summary>
public sealed class ManagedStartException(string message, Exception? inner = null)
    : DriftlessException(ErrorKind.ApplyFailed, message, inner);
