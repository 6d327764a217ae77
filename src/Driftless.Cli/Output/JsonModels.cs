using System.Text.Json.Serialization;
using Driftless.Core.Events;

namespace Driftless.Cli.Output;

// The --output json shapes. Stable: fields are only ever added (docs/json-output.md).

internal sealed record ContainerJson(string Id, string Name, bool Running, string Status, DateTimeOffset? StartedAt);

internal sealed record ChangeJson(string Path, string Kind, string? OldDigest, string? NewDigest);

internal sealed record SeenJson(string? Hash, string Method, IReadOnlyList<string> PinnedFiles, IReadOnlyList<string> Uncovered);

internal sealed record ServiceJson(
    string Service,
    string Mode,
    string ModeToRun,
    string? Escalation,
    string Verdict,
    string Action,
    string Reason,
    string DesiredHash,
    string? AppliedHash,
    ContainerJson? Container,
    SeenJson? Seen,
    IReadOnlyList<ChangeJson> Changes,
    bool Managed,
    string Phase,
    string? LastError,
    string? DesiredSpec,
    string? AppliedSpec,
    bool Check);

internal sealed record OrphanJson(string Service, string ContainerId, string ContainerName, bool Dropped, string Reason);

internal sealed record PlanJson(int Version, string Registry, string Project, bool Pending, IReadOnlyList<ServiceJson> Services, IReadOnlyList<OrphanJson> Orphans);

internal sealed record ApplyJson(int Version, string Registry, bool Succeeded, IReadOnlyList<ApplyEvent> Events, IReadOnlyList<string> Skipped);

internal sealed record HistoryJson(int Version, IReadOnlyList<ApplyEvent> Events);

internal sealed record FileDigestJson(string Path, string Digest);

internal sealed record HashJson(string Hash, IReadOnlyList<FileDigestJson> Files);

/// <summary><c>driftless rekey -o json</c>: the key file, the id of the key it replaced (null: none) and the new key's id.</summary>
internal sealed record RekeyJson(string Path, string? PreviousKeyId, string KeyId);

internal sealed record ErrorJson(string Error, int ExitCode)
{
    /// <summary>For an invalid registry: every problem, in file order; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RegistryErrorJson>? Errors { get; init; }
}

internal sealed record RegistryErrorJson(string File, int Line, int Column, string? Key, string Problem);

internal sealed record FindingJson(string Severity, string Service, string Code, string Message, string Fix);

internal sealed record DoctorJson(int Version, string Registry, IReadOnlyList<FindingJson> Findings);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PlanJson))]
[JsonSerializable(typeof(ApplyJson))]
[JsonSerializable(typeof(HistoryJson))]
[JsonSerializable(typeof(HashJson))]
[JsonSerializable(typeof(RekeyJson))]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(DoctorJson))]
internal sealed partial class CliJson : JsonSerializerContext;
