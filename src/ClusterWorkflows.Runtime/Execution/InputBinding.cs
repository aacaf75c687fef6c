using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Runtime.Execution;

public sealed record BoundInputs(JsonObject Values, IReadOnlyList<string> Errors);

/// <summary>Checks a run's inputs against the workflow's declared inputs and fills defaults.</summary>
public static class InputBinding
{
    public static BoundInputs Bind(WorkflowDefinition definition, JsonObject given)
    {
        var errors = new List<string>();
        var values = new JsonObject();
        foreach (var (name, _) in given)
        {
            if (definition.Inputs.All(i => i.Name != name))
            {
                errors.Add($"input '{name}': not declared by {definition.Reference} (declared: {string.Join(", ", definition.Inputs.Select(i => i.Name))})");
            }
        }

        foreach (var input in definition.Inputs)
        {
            if (!given.TryGetPropertyValue(input.Name, out var value) || value is null)
            {
                if (input.Default is not null)
                {
                    values[input.Name] = input.Default.DeepClone();
                }
                else if (input.Required)
                {
                    errors.Add($"input '{input.Name}': required ({input.Type.ToString().ToLowerInvariant()})");
                }

                continue;
            }

            var coerced = Coerce(input, value, out var problem);
            if (problem is not null)
            {
                errors.Add($"input '{input.Name}': {problem}");
                continue;
            }

            if (input.Allowed is { Count: > 0 } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, coerced)))
            {
                errors.Add($"input '{input.Name}': must be one of {string.Join(", ", allowed.Select(a => a?.ToJsonString()))}");
                continue;
            }

            values[input.Name] = coerced;
        }

        return new BoundInputs(values, errors);
    }

    /// <summary>Values from the command line arrive as strings; convert them to the declared type.</summary>
    private static JsonNode? Coerce(InputDefinition input, JsonNode value, out string? problem)
    {
        problem = null;

        // Values built in code (JsonValue.Create(1)) answer TryGetValue only for their CLR type;
        // a parsed copy answers for every compatible type.
        value = JsonNode.Parse(value.ToJsonString())!;
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>() : null;
        switch (input.Type)
        {
            case InputType.String:
                return kind == JsonValueKind.String ? value.DeepClone() : JsonValue.Create(value.ToJsonString());
            case InputType.Integer:
                if (kind == JsonValueKind.Number && value.AsValue().TryGetValue<long>(out var l)) return JsonValue.Create(l);
                if (text is not null && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out l)) return JsonValue.Create(l);
                break;
            case InputType.Number:
                if (kind == JsonValueKind.Number) return value.DeepClone();
                if (text is not null && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
                break;
            case InputType.Boolean:
                if (kind is JsonValueKind.True or JsonValueKind.False) return value.DeepClone();
                if (text is not null && bool.TryParse(text, out var b)) return JsonValue.Create(b);
                break;
            case InputType.Array:
            case InputType.Object:
                var expected = input.Type == InputType.Array ? JsonValueKind.Array : JsonValueKind.Object;
                if (kind == expected) return value.DeepClone();
                if (text is not null)
                {
                    try
                    {
                        var parsed = JsonNode.Parse(text);
                        if (parsed?.GetValueKind() == expected) return parsed;
                    }
                    catch (JsonException)
                    {
                    }
                }

                break;
        }

        var shown = input.Secret ? "a value of another type" : text is null ? value.ToJsonString() : $"'{text}'";
        problem = $"expected {input.Type.ToString().ToLowerInvariant()}, got {shown}";
        return null;
    }
}
