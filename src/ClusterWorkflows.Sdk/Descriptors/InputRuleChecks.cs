using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk.Descriptors;

/// <summary>
/// Checks literal values against the input rules a descriptor's schema carries (the keywords listed
/// under <c>x-messages</c>, and <c>x-fieldGroups</c>), with the rule's own message: what the binder
/// would reject at run time, found at validation time. Only literals: a value that is an
/// expression is known only when it is evaluated, and then the binder checks it.
/// </summary>
public static class InputRuleChecks
{
    /// <summary>The rule one literal value breaks, as "input 'timeout' must be greater than zero, got '0s'"; or null.</summary>
    public static string? Property(JsonObject propertySchema, string name, JsonNode value, Func<JsonNode?, bool>? isExpression = null)
    {
        // A nested record written out in the runbook (connection: { endpoints: [] }) is checked
        // field by field, named with a dotted path like the binder's.
        if (value is JsonObject nested && propertySchema["properties"] is JsonObject fields)
        {
            foreach (var (field, child) in nested)
            {
                if (child is not null && isExpression?.Invoke(child) != true && fields[field] is JsonObject schema
                    && Property(schema, $"{name}.{field}", child, isExpression) is { } problem)
                {
                    return problem;
                }
            }

            return null;
        }

        if (propertySchema["x-messages"] is not JsonObject messages)
        {
            return null;
        }

        foreach (var (keyword, message) in messages)
        {
            if (Breaks(keyword, propertySchema[keyword], value))
            {
                return $"input '{name}' {message?.GetValue<string>()}, got {Show(value)}";
            }
        }

        return null;
    }

    /// <summary>The field groups the given fields break; an expression counts as given.</summary>
    public static IEnumerable<InputError> Record(JsonObject inputSchema, JsonObject values)
    {
        if (inputSchema[FieldGroupAttribute.SchemaKeyword] is not JsonArray groups)
        {
            yield break;
        }

        foreach (var group in groups.OfType<JsonObject>())
        {
            var fields = group["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
            var given = fields.Where(f => values.TryGetPropertyValue(f, out var v) && v is not null).ToList();
            if (FieldGroupAttribute.Breaks(group["exactlyOne"]?.GetValue<bool>() ?? false, given.Count))
            {
                var detail = given.Count == 0 ? "none is set" : $"{string.Join(" and ", given)} are set";
                yield return new InputError(given.FirstOrDefault() ?? fields[0], $"{group["message"]?.GetValue<string>()} ({detail})");
            }
        }
    }

    private static bool Breaks(string keyword, JsonNode? limit, JsonNode value) => keyword switch
    {
        PositiveDurationAttribute.SchemaKeyword => Text(value) is { } t && Duration.TryParse(t, out var d) && d <= TimeSpan.Zero,
        "minimum" => Number(value) is { } n && Number(limit) is { } lo && n < lo,
        "maximum" => Number(value) is { } n && Number(limit) is { } hi && n > hi,
        "minItems" => value is JsonArray a && Number(limit) is { } min && a.Count < min,
        "x-format" => Text(value) is { } t && limit?.GetValue<string>() == HostNameAttribute.Format && !HostNameAttribute.IsHost(t),
        // The host pattern is loose for IPv6 and checked by x-format; other patterns are the validator's.
        _ => false,
    };

    private static string? Text(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    // Through an element: values built in code (JsonValue.Create(1)) do not convert int to double.
    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonSerializer.SerializeToElement(v).GetDouble() : null;

    private static string Show(JsonNode value) => value switch
    {
        JsonArray a => a.Count == 0 ? "an empty list" : $"{a.Count} items",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"'{v.GetValue<string>()}'",
        _ => value.ToJsonString(),
    };
}
