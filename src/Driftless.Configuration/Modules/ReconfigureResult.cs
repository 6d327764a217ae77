namespace Driftless.Configuration.Modules;

/// <summary>What a module did with a changed section.</summary>
public enum ReconfigureResult
{
    /// <summary>The change is in effect.</summary>
    Applied,

    /// <summary>This change cannot be applied in place; a full reload is needed.</summary>
    NotSupported,

    /// <summary>Applying the change failed; a full reload is needed.</summary>
    Failed,
}
