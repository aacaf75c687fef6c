using System.Text.Json.Serialization;

namespace ClusterWorkflows.Store.Sqlite;

/// <summary>Source-generated serializers for the few non-node values the store encodes as JSON.</summary>
[JsonSerializable(typeof(IReadOnlyCollection<string>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
