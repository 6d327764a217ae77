using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Driftless.Core.Events;
using Driftless.Core.Registry;

namespace Driftless.Core.Secrets;

/// <summary>
/// SECRETS_SHOW_TEMPLATES, defence in depth (docs/design.md). Messages are composed from templates in the first place:
/// no exception message that could quote an expanded URL or host is ever used. This catches text Driftless does not
/// compose itself — an exec's output, an engine's answer — by replacing every value a registry <c>${NAME}</c> resolves
/// to (reload and verify.http URLs and headers, managed env, <c>agent.token_env</c>) with <c>${NAME}</c>, before an event
/// is recorded or a finding returned. Matching ignores case (a URI lowercases its host) and also covers the value's
/// URL-encoded and JSON-escaped forms. A value shorter than <see cref="MinimumLength"/> is left alone: it cannot be
/// told apart from ordinary text (<c>exited 1</c>), and it is no secret.
/// </summary>
internal sealed class SecretRedactor
{
    public const int MinimumLength = 4;

    /// <summary>Longest first, so a value containing another is replaced whole.</summary>
    private readonly List<(string Form, string Template)> _forms;

    private SecretRedactor(List<(string Form, string Template)> forms) => _forms = forms;

    public static SecretRedactor None { get; } = new([]);

    /// <param name="registry">The registry whose templates name the variables.</param>
    /// <param name="environment">Variable lookup; default: this process's environment (where requests expand them too).</param>
    public static SecretRedactor For(DriftlessRegistry registry, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        environment ??= Environment.GetEnvironmentVariable;
        var forms = new List<(string Form, string Template)>();
        foreach (var name in Variables(registry))
        {
            if (environment(name) is not { Length: >= MinimumLength } value)
            {
                continue;
            }

            string[] encodings = [value, Uri.EscapeDataString(value), JsonEncodedText.Encode(value).ToString()];
            forms.AddRange(encodings.Distinct(StringComparer.OrdinalIgnoreCase).Select(form => (form, "${" + name + "}")));
        }

        forms.Sort((a, b) => b.Form.Length.CompareTo(a.Form.Length));
        return new SecretRedactor(forms);
    }

    /// <summary>The text with every resolved value (in any of its forms) replaced by its <c>${NAME}</c>, in one pass.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || _forms.Count == 0)
        {
            return text;
        }

        StringBuilder? redacted = null;
        var copied = 0;
        for (var i = 0; i < text.Length;)
        {
            var match = _forms.FindIndex(f => text.AsSpan(i).StartsWith(f.Form, StringComparison.OrdinalIgnoreCase));
            if (match < 0)
            {
                i++;
                continue;
            }

            redacted ??= new StringBuilder(text.Length);
            redacted.Append(text, copied, i - copied).Append(_forms[match].Template);
            i += _forms[match].Form.Length;
            copied = i;
        }

        return redacted is null ? text : redacted.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>The event's free-text fields redacted; hashes, paths and ids are Driftless's own.</summary>
    public ApplyEvent Redact(ApplyEvent applyEvent)
    {
        ArgumentNullException.ThrowIfNull(applyEvent);
        return _forms.Count == 0
            ? applyEvent
            : applyEvent with { Error = Redact(applyEvent.Error), Reason = Redact(applyEvent.Reason), Output = Redact(applyEvent.Output) };
    }

    /// <summary>Every variable a registry template names (malformed templates were rejected at load).</summary>
    private static IEnumerable<string> Variables(DriftlessRegistry registry)
    {
        var templates = registry.Services.SelectMany(s => Templates(s));
        var names = templates.SelectMany(t => EnvironmentTemplate.TryGetVariables(t, out var variables, out _) ? variables : [])
            .Concat(registry.Services.SelectMany(s => s.Managed?.TemplateVariables ?? []));
        if (registry.Agent.TokenEnv is { } tokenVariable)
        {
            names = names.Append(tokenVariable);
        }

        return names.Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<string> Templates(ServiceSpec service)
    {
        if (service.Reload is { } reload)
        {
            yield return reload.Url;
            foreach (var header in reload.Headers.Values)
            {
                yield return header;
            }
        }

        if (service.Verify.Http is { } check)
        {
            yield return check.Url;
            foreach (var header in check.Headers.Values)
            {
                yield return header;
            }
        }
    }
}
