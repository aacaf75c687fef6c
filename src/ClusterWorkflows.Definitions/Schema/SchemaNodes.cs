using System.Text.Json.Nodes;

namespace ClusterWorkflows.Definitions.Schema;

/// <summary>Small constructors that keep the schema builder readable.</summary>
internal static class SchemaNodes
{
    public static JsonObject Ref(string def) => new() { ["$ref"] = $"#/$defs/{Escape(def)}" };

    public static JsonObject Type(string type, string? description = null)
    {
        var node = new JsonObject { ["type"] = type };
        if (description is not null)
        {
            node["description"] = description;
        }

        return node;
    }

    public static JsonObject Types(params string[] types) => new() { ["type"] = Strings(types) };

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public static JsonArray Array(params JsonNode[] items) => new(items.Cast<JsonNode?>().ToArray());

    public static JsonObject Describe(this JsonObject node, string description)
    {
        node["description"] = description;
        return node;
    }

    /// <summary>Escapes a <c>$defs</c> name for use in a JSON pointer (RFC 6901).</summary>
    public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
