using System.Globalization;
using Driftless.Core.Registry;

namespace Driftless.Core.Doctor;

/// <summary>
/// Whether a <c>reload_http</c> endpoint accepts a TCP connection (nothing is sent). Findings name the URL template;
/// a value a <c>${NAME}</c> resolves to is never shown (SECRETS_SHOW_TEMPLATES).
/// </summary>
internal sealed class ReloadEndpointCheck(IEndpointProbe endpoints, Func<string, string?> environment)
{
    /// <summary>How long a reload endpoint gets to accept a TCP connection.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<DoctorFinding?> ProbeAsync(ServiceSpec service, ReloadSpec reload, CancellationToken cancellationToken)
    {
        var template = reload.Url;
        var severity = service.Fallback is null ? Severity.Error : Severity.Warning;
        var fallback = service.Fallback is { } mode ? $"; apply will fall back to {mode.Name()}" : string.Empty;
        var orFallback = service.Fallback is null ? ", or add `fallback: restart`" : string.Empty;

        // Unset variables are named up front; Expand would stop at the first one.
        var missing = EnvironmentTemplate.Variables(template).Where(name => environment(name) is null).ToList();
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing);
            return new DoctorFinding(
                severity,
                service.Name,
                DoctorCodes.ReloadUnreachable,
                $"reload URL {template} uses {names}, which is not set in this environment{fallback}",
                $"set {names} where driftless runs{orFallback}");
        }

        var url = EnvironmentTemplate.Expand(template, environment);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IdnHost.Length == 0)
        {
            return new DoctorFinding(
                severity,
                service.Name,
                DoctorCodes.ReloadUnreachable,
                $"reload URL {template} is not an absolute http(s) URL once expanded{fallback}",
                "use a URL such as http://127.0.0.1:12345/-/reload");
        }

        var probe = await endpoints.ConnectAsync(uri.IdnHost, uri.Port, ProbeTimeout, cancellationToken);
        if (probe.Connected)
        {
            return null;
        }

        // The example names the port only when the template spells it out: a port from ${NAME} is not shown.
        var publish = LiteralPort(template) == uri.Port
            ? $"publish the port, e.g. `ports: [\"127.0.0.1:{uri.Port.ToString(CultureInfo.InvariantCulture)}:{uri.Port.ToString(CultureInfo.InvariantCulture)}\"]`"
            : "publish the port";
        return new DoctorFinding(
            severity,
            service.Name,
            DoctorCodes.ReloadUnreachable,
            $"reload endpoint {template} does not accept a TCP connection within {ProbeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s ({probe.Problem}){fallback}",
            $"make the endpoint reachable from where driftless runs ({publish}){orFallback}");
    }

    /// <summary>The URL's port when no variable contributes to it (each variable stands in as a plain host label).</summary>
    private static int? LiteralPort(string template) =>
        Uri.TryCreate(EnvironmentTemplate.Expand(template, _ => "x"), UriKind.Absolute, out var uri) ? uri.Port : null;
}
