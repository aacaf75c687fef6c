using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>Checks literal JSON values against a declared workflow input.</summary>
internal static class LiteralValues
{
    public static string TypeName(InputType type) => type.ToString().ToLowerInvariant();

    public static bool Matches(InputType type, JsonNode? value)
    {
        if (value is null)
        {
            return false;
        }

        var kind = value.GetValueKind();
        return type switch
        {
            InputType.String => kind == JsonValueKind.String,
            InputType.Integer => kind == JsonValueKind.Number && IsWhole(value),
            InputType.Number => kind == JsonValueKind.Number,
            InputType.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            InputType.Array => kind == JsonValueKind.Array,
            _ => kind == JsonValueKind.Object,
        };
    }

    public static string Describe(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Number => IsWhole(value!) ? "an integer" : "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "a list",
        _ => "a mapping",
    };

    public static bool IsAllowed(InputDefinition input, JsonNode? value) =>
        input.Allowed is not { Count: > 0 } allowed || allowed.Any(a => JsonNode.DeepEquals(a, value));

    public static string Show(JsonNode? value) => value is null ? "null" : value.ToJsonString();

    /// <summary>Checks one literal value for <paramref name="input"/>; null when fine. Never echoes secret values.</summary>
    public static string? Problem(InputDefinition input, JsonNode? value)
    {
        if (!Matches(input.Type, value))
        {
            return $"input '{input.Name}' must be {TypeName(input.Type)}, got {Describe(value)}";
        }

        if (!IsAllowed(input, value))
        {
            var shown = input.Secret ? "the given value" : Show(value);
            return $"input '{input.Name}' must be one of {string.Join(", ", input.Allowed!.Select(Show))}, got {shown}";
        }

        return null;
    }

    private static bool IsWhole(JsonNode value) =>
        value.AsValue().TryGetValue<long>(out _)
        || (value.AsValue().TryGetValue<double>(out var d) && Math.Abs(d % 1) < double.Epsilon);
}
