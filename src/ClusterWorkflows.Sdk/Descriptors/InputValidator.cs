using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk.Descriptors;

public sealed record InputError(string Field, string Message);

/// <summary>
/// Checks literal input values against a descriptor: unknown fields, missing required ones, wrong
/// JSON types and values outside the allowed set. All errors are returned, not only the first.
/// Values that are expressions are checked later, when they are evaluated.
/// </summary>
public static class InputValidator
{
    public static IReadOnlyList<InputError> Validate(
        ActivityDescriptor descriptor,
        JsonObject? values,
        Func<JsonNode?, bool> isExpression)
    {
        var errors = new List<InputError>();
        values ??= [];
        foreach (var (name, _) in values)
        {
            if (descriptor.FindInput(name) is null)
            {
                var known = string.Join(", ", descriptor.Inputs.Select(i => i.Name));
                errors.Add(new InputError(name, $"unknown input '{name}' for {descriptor.Reference} (known inputs: {known})"));
            }
        }

        foreach (var input in descriptor.Inputs)
        {
            if (!values.TryGetPropertyValue(input.Name, out var value))
            {
                if (input.Required)
                {
                    errors.Add(new InputError(input.Name, $"missing required input '{input.Name}' ({input.Type})"));
                }

                continue;
            }

            if (isExpression(value))
            {
                continue;
            }

            var problem = CheckType(input, value);
            if (problem is not null)
            {
                errors.Add(new InputError(input.Name, problem));
            }
        }

        return errors;
    }

    private static string? CheckType(PropertyDescriptor input, JsonNode? value)
    {
        if (value is null)
        {
            return input.Nullable ? null : $"input '{input.Name}' must not be null";
        }

        var kind = value.GetValueKind();
        var ok = input.Type switch
        {
            "string" => kind == System.Text.Json.JsonValueKind.String,
            "integer" => kind == System.Text.Json.JsonValueKind.Number && IsInteger(value),
            "number" => kind == System.Text.Json.JsonValueKind.Number,
            "boolean" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            "array" => kind == System.Text.Json.JsonValueKind.Array,
            "object" => kind == System.Text.Json.JsonValueKind.Object,
            _ => true,
        };
        if (!ok)
        {
            return $"input '{input.Name}' must be of type {input.Type}, got {Describe(kind)}";
        }

        if (input.AllowedValues is { } allowed && kind == System.Text.Json.JsonValueKind.String
            && !allowed.Contains(value.GetValue<string>(), StringComparer.Ordinal))
        {
            return $"input '{input.Name}' must be one of {string.Join(", ", allowed)}, got '{value.GetValue<string>()}'";
        }

        return null;
    }

    /// <summary>Works for parsed values and for values built in code (JsonValue.Create(1)) alike.</summary>
    private static bool IsInteger(JsonNode value)
    {
        var element = System.Text.Json.JsonSerializer.SerializeToElement(value);
        return element.TryGetInt64(out _) || (element.TryGetDouble(out var d) && Math.Abs(d % 1) < double.Epsilon);
    }

    private static string Describe(System.Text.Json.JsonValueKind kind) => kind switch
    {
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
