namespace Driftless.Core.Events;

/// <summary>The outcome recorded for one service in one run. JSON: lower case.</summary>
public enum EventResult
{
    Noop,
    Adopted,
    Applied,
    Failed,
}
