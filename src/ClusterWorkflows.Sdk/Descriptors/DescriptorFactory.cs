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
/// (descriptions, secrets, defaults, ranges, allowed values, patterns, and the input rules of
/// <see cref="InputRuleAttribute"/> and <see cref="FieldGroupAttribute"/>).
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
        // One default instance per declaring type: nested records have their own initialisers, and a
        // getter must only ever be called on an instance of the type that declares it.
        var defaults = new Dictionary<Type, object?>();
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Enrich(context, node, defaults),
        };
        var schema = ActivityJson.Options.GetJsonSchemaAsNode(type, exporter).AsObject();
        schema["additionalProperties"] = false;
        return schema;
    }

    private static JsonNode Enrich(JsonSchemaExporterContext context, JsonNode node, Dictionary<Type, object?> defaults)
    {
        // Record-level rules (field groups) go on the record's own schema, not on a $ref to it.
        if (node is JsonObject record && record["properties"] is not null)
        {
            foreach (var group in context.TypeInfo.Type.GetCustomAttributes<FieldGroupAttribute>(inherit: true))
            {
                group.Describe(record);
            }
        }

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

        // Enums are written as names; the exporter lists them without a type, which would read as "any".
        var underlying = Nullable.GetUnderlyingType(property.PropertyType);
        if ((underlying ?? property.PropertyType).IsEnum && schema["type"] is null)
        {
            schema["type"] = underlying is null ? "string" : new JsonArray("string", "null");
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
                    // Typed like the property: [AllowedValues(1, 2)] on an int allows the numbers 1 and 2.
                    schema["enum"] = new JsonArray(a.Values.Select(v => JsonSerializer.SerializeToNode(v, ActivityJson.Options)).ToArray());
                    break;
                case RegularExpressionAttribute p:
                    schema["pattern"] = p.Pattern;
                    break;
                case InputRuleAttribute rule:
                    rule.Describe(schema);
                    break;
                case MinLengthAttribute m:
                    schema[property.PropertyType == typeof(string) ? "minLength" : "minItems"] = m.Length;
                    break;
            }
        }

        if (property.Get is { } getter && !property.IsRequired && DefaultInstance(defaults, property.DeclaringType) is { } owner)
        {
            var value = getter(owner);
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
    private static object? DefaultInstance(Dictionary<Type, object?> cache, Type type)
    {
        if (!cache.TryGetValue(type, out var instance))
        {
            var ctor = type.IsAbstract ? null : type.GetConstructor(Type.EmptyTypes);
            cache[type] = instance = ctor?.Invoke(null);
        }

        return instance;
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
