using System.Text.Json;
using System.Text.Json.Serialization;
using Driftless.Agent.Control;
using Driftless.Core.Events;
using Driftless.Core.Planning;

namespace Driftless.Agent.Api;

/// <summary>
/// Every JSON shape the agent API writes, source-generated (the CLI ships as a native AOT binary, so no
/// reflection-based serialization). camelCase keys; enums as lower-case (snake_case) strings.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(SnakeCaseEnumConverter<ServicePhase>), typeof(SnakeCaseEnumConverter<Verdict>)])]
[JsonSerializable(typeof(AgentStatus))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(ReconcileResult))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class AgentJson : JsonSerializerContext;

/// <summary>Enum values as <c>in_sync</c>, <c>container_missing</c>, <c>running</c>: the CLI's and the docs' spelling.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;

/// <summary><c>GET /v1/history</c>: newest first.</summary>
internal sealed record HistoryResponse(IReadOnlyList<ApplyEvent> Events);

/// <summary><c>GET /healthz</c> while the agent is healthy.</summary>
internal sealed record HealthResponse(string Status);
