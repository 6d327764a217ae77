namespace Driftless.Core.Registry;

/// <summary>
/// <c>wait: {min, max}</c> — the debounce for file changes (the same min/max rule consul-template users know): act after <see cref="Min"/> of
/// quiet, and at the latest <see cref="Max"/> after the first event of a burst. Min 0 acts at once.
/// </summary>
public sealed record WaitSpec(TimeSpan Min, TimeSpan Max)
{
    public static readonly WaitSpec Default = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
}
