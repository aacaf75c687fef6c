using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace ClusterWorkflows.Sdk.Descriptors;

/// <summary>
/// Builds descriptors from attributes. The JSON Schema comes from System.Text.Json's exporter, so
/// it matches exactly what the binder accepts; this class only adds what the exporter does not know
/// (descriptions, secrets, defaults, ranges, allowed values, patterns).
/// </summary>
public static class DescriptorFactory
{
    public static ActivityDescriptor Create(Type activityType, Type inputType, Type outputType)
    {
        var attribute = activityType.GetCustomAttribute<ActivityAttribute>()
            ?? throw new InvalidOperationException($"{activityType.FullName} has no [Activity] attribute.");
        var inputSchema = Schema(inputType);
        var outputSchema = Schema(outputType);
        return new ActivityDescriptor(
            attribute.Id,
            attribute.Version,
            attribute.Category,
            attribute.Description,
            attribute.Idempotent,
            attribute.SupportsCheckMode,
            Properties(inputSchema),
            Properties(outputSchema),
            inputSchema,
            outputSchema);
    }

    public static JsonObject Schema(Type type)
    {
        var defaults = DefaultInstance(type);
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Enrich(context, node, defaults),
        };
        var schema = ActivityJson.Options.GetJsonSchemaAsNode(type, exporter).AsObject();
        schema["additionalProperties"] = false;
        return schema;
    }

    private static JsonNode Enrich(JsonSchemaExporterContext context, JsonNode node, object? defaults)
    {
        var property = context.PropertyInfo;
        if (property?.AttributeProvider is not ICustomAttributeProvider provider)
        {
            return node;
        }

        // The exporter writes the schema `true` for "any value" (JsonNode, custom converters such as
        // TimeSpan); an object schema is needed to carry the description and the rest.
        if (node is JsonValue any && any.GetValueKind() == JsonValueKind.True)
        {
            node = new JsonObject();
        }

        if (node is not JsonObject schema)
        {
            return node;
        }

        if (property.PropertyType == typeof(TimeSpan) || property.PropertyType == typeof(TimeSpan?))
        {
            schema["type"] = property.PropertyType == typeof(TimeSpan) ? "string" : new JsonArray("string", "null");
            schema.Remove("pattern");
            schema["pattern"] = Duration.Pattern;
            schema["x-format"] = "duration";
        }

        foreach (var attribute in provider.GetCustomAttributes(inherit: true))
        {
            switch (attribute)
            {
                case DescriptionAttribute d:
                    schema["description"] = d.Description;
                    break;
                case SecretAttribute:
                    schema["x-secret"] = true;
                    schema["writeOnly"] = true;
                    break;
                case RangeAttribute r:
                    schema["minimum"] = JsonValue.Create(Convert.ToDouble(r.Minimum, System.Globalization.CultureInfo.InvariantCulture));
                    schema["maximum"] = JsonValue.Create(Convert.ToDouble(r.Maximum, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case AllowedValuesAttribute a:
                    schema["enum"] = new JsonArray(a.Values.Select(v => JsonValue.Create(v?.ToString())).ToArray<JsonNode?>());
                    break;
                case RegularExpressionAttribute p:
                    schema["pattern"] = p.Pattern;
                    break;
                case MinLengthAttribute m:
                    schema[property.PropertyType == typeof(string) ? "minLength" : "minItems"] = m.Length;
                    break;
            }
        }

        if (defaults is not null && property.Get is { } getter && !property.IsRequired)
        {
            var value = getter(defaults);
            if (value is not null)
            {
                schema["default"] = JsonSerializer.SerializeToNode(value, property.PropertyType, ActivityJson.Options);
            }
        }

        return node;
    }

    /// <summary>
    /// Property initialisers are the single source of defaults: an instance made through the
    /// parameterless constructor carries them (required members stay null, which is fine here).
    /// </summary>
    private static object? DefaultInstance(Type type)
    {
        var ctor = type.GetConstructor(Type.EmptyTypes);
        return ctor?.Invoke(null);
    }

    private static List<PropertyDescriptor> Properties(JsonObject schema)
    {
        var required = schema["required"] is JsonArray r
            ? r.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal)
            : [];
        var list = new List<PropertyDescriptor>();
        if (schema["properties"] is not JsonObject properties)
        {
            return list;
        }

        foreach (var (name, node) in properties)
        {
            var p = node as JsonObject ?? [];
            list.Add(new PropertyDescriptor(
                name,
                TypeName(p["type"]),
                p["description"]?.GetValue<string>(),
                required.Contains(name),
                p["x-secret"]?.GetValue<bool>() ?? false,
                p["default"]?.DeepClone(),
                p["enum"] is JsonArray e ? e.Select(v => v?.ToString() ?? "null").ToList() : null)
            {
                Nullable = p["type"] is null || (p["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null")),
            });
        }

        return list;
    }

    private static string TypeName(JsonNode? type) => type switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => a.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
        _ => "any",
    };
}
