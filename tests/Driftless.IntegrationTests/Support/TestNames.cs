namespace Driftless.IntegrationTests.Support;

public static class TestNames
{
    /// <summary>The tiny busybox image scripts/build-images.sh builds.</summary>
    public const string Image = "driftless-test/busybox:latest";

    /// <summary>busybox httpd that loads its config at start and on <c>POST /cgi-bin/reload</c> (images/reloader).</summary>
    public const string ReloaderImage = "driftless-test/reloader:latest";

    /// <summary>Debian's nginx on an empty root, sites in <c>/etc/nginx/conf.d/*.conf</c> (images/nginx).</summary>
    public const string NginxImage = "driftless-test/nginx:latest";

    /// <summary>Debian's caddy 2.6.2 on an empty root, <c>/etc/caddy/Caddyfile</c> (images/caddy).</summary>
    public const string CaddyImage = "driftless-test/caddy:latest";

    /// <summary>Label on every container the tests create, so only those are ever removed.</summary>
    public const string OwnerLabel = "io.driftless.test";

    /// <summary>A unique, compose-safe name: lowercase letters and digits.</summary>
    public static string Unique(string prefix = "dlt") => prefix + Guid.NewGuid().ToString("N")[..10];
}
