using System.ComponentModel.DataAnnotations;

namespace Driftless.Configuration.Tests.Reload;

public sealed class AppOptions
{
    [Range(1, 65535)]
    public int Port { get; set; }

    public string? Name { get; set; }
}
