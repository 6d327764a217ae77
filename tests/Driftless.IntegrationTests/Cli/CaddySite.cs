using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Cli;

/// <summary>driftless-test/caddy serving a one-line Caddyfile, checked by Caddy's own validator.</summary>
public static class CaddySite
{
    /// <summary>The service's <c>check:</c>: <c>caddy validate</c> of the mounted Caddyfile.</summary>
    public const string Check = "{exec: [caddy, validate, --config, /etc/caddy/Caddyfile], timeout: 30s}";

    /// <summary>A Caddyfile Caddy refuses: <c>/etc/caddy/Caddyfile:2: unrecognized directive: bogus_directive</c>.</summary>
    public const string Invalid = ":8080 {\n\tbogus_directive\n}\n";

    /// <summary>A Caddyfile answering every request on :8080 with <paramref name="body"/>.</summary>
    public static string Caddyfile(string body) => $":8080 {{\n\trespond \"{body}\"\n}}\n";

    /// <summary>Adds a restart-mode service serving <c>v1</c> on a free loopback port, with <see cref="Check"/>; returns the port.</summary>
    public static int Add(Stack stack, string name = "edge")
    {
        ArgumentNullException.ThrowIfNull(stack);
        var port = FreePort.Next();
        stack.Write("configs/caddy/Caddyfile", Caddyfile("v1"));
        stack.Service(name).FromImage(TestNames.CaddyImage).Publish(port, 8080)
            .DirectoryMount("configs/caddy", "/etc/caddy").Mode("restart").Key("check", Check);
        return port;
    }
}
