using System.Text.Json.Serialization;

namespace Driftless.Core.State;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<RecordedDigest>))]
internal sealed partial class StateJson : JsonSerializerContext;
