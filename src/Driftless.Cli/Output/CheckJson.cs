using System.Text.Json.Serialization;

namespace Driftless.Cli.Output;

// The `check --output json` shape. Stable: fields are only ever added (docs/json-output.md).

internal sealed record ServiceCheckJson(string Name, string Check, string Result, string? Error, IReadOnlyList<string> Output, long DurationMs);

internal sealed record CheckSummaryJson(int Passed, int Failed, int Skipped);

internal sealed record CheckJson(int Version, string Registry, bool Succeeded, IReadOnlyList<ServiceCheckJson> Services, CheckSummaryJson Summary);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CheckJson))]
internal sealed partial class CheckJsonContext : JsonSerializerContext;
