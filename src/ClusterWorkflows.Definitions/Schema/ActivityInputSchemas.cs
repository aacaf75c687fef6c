using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Descriptors;

namespace ClusterWorkflows.Definitions.Schema;

/// <summary>Turns an activity's input schema into the schema of a step's <c>with</c>.</summary>
internal static class ActivityInputSchemas
{
    public static string DefName(ActivityDescriptor descriptor) => $"with:{descriptor.Reference}";

    public static JsonObject WithSchema(ActivityDescriptor descriptor)
    {
        var schema = (JsonObject)descriptor.InputSchema.DeepClone();
        schema.Remove("$schema");
        schema.Remove("$id");
        Rewrite(schema, $"#/$defs/{SchemaNodes.Escape(DefName(descriptor))}");
        schema["description"] ??= $"Inputs of {descriptor.Reference}. {descriptor.Description}".Trim();
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var name in properties.Select(p => p.Key).ToList())
            {
                properties[name] = AcceptExpressions(properties[name]);
            }
        }

        return schema;
    }

    /// <summary>
    /// The exporter's <c>$ref</c>s point into the input schema's own root; once embedded under
    /// <c>$defs</c> they must point there. <c>format: duration</c> goes: JSON Schema defines that
    /// format as ISO 8601 (P1D), and editors that check formats would reject 30s; the pattern stays.
    /// </summary>
    private static void Rewrite(JsonNode? node, string root)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue r && r.TryGetValue<string>(out var target) && target.StartsWith('#'))
                {
                    obj["$ref"] = root + target[1..];
                }

                if (obj["format"] is JsonValue f && f.TryGetValue<string>(out var format) && format == "duration")
                {
                    obj.Remove("format");
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Rewrite(child, root);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rewrite(child, root);
                }

                break;
        }
    }

    /// <summary>A typed field may also hold a string with <c>${{ }}</c>, evaluated at run time.</summary>
    private static JsonNode? AcceptExpressions(JsonNode? property)
    {
        if (property is not JsonObject schema || schema.Count == 0 || (schema.Count == 1 && schema.ContainsKey("description")))
        {
            return property;
        }

        var wrapper = new JsonObject();
        foreach (var annotation in new[] { "description", "default", "x-secret", "writeOnly" })
        {
            if (schema[annotation] is { } value)
            {
                wrapper[annotation] = value.DeepClone();
                schema.Remove(annotation);
            }
        }

        wrapper["anyOf"] = SchemaNodes.Array(schema.DeepClone(), SchemaNodes.Ref("expression"));
        return wrapper;
    }
}
