namespace Driftless.Core.Registry;

/// <summary><c>check.where</c>: where a service's check runs.</summary>
public enum CheckLocation
{
    /// <summary>In a throwaway container of the service's image, with its bind mounts: the argv is literal.</summary>
    Container,

    /// <summary>On the host, with <c>{input}</c> placeholders expanded to the inputs' host paths (<see cref="CheckPlaceholders"/>).</summary>
    Host,
}
