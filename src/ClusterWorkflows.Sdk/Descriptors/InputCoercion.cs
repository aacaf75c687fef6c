using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk.Descriptors;

/// <summary>
/// Evaluated expressions often yield a number where an input wants text (<c>"${{ steps.x.outputs.count }}"</c>)
/// or text where it wants a number (a value typed on a command line). Scalars are converted to the
/// declared type when that is lossless; anything else is left for the binder to report.
/// </summary>
public static class InputCoercion
{
    public static JsonObject Coerce(ActivityDescriptor descriptor, JsonObject values)
    {
        foreach (var input in descriptor.Inputs)
        {
            if (values[input.Name] is JsonValue value && Convert(input.Type, value) is { } converted)
            {
                values[input.Name] = converted;
            }
        }

        return values;
    }

    private static JsonNode? Convert(string type, JsonValue value)
    {
        var kind = value.GetValueKind();
        switch (type)
        {
            case "string" when kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(kind == JsonValueKind.Number ? value.ToJsonString() : kind == JsonValueKind.True ? "true" : "false");
            case "integer" when kind == JsonValueKind.String && long.TryParse(value.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                return JsonValue.Create(l);
            case "number" when kind == JsonValueKind.String && double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                return JsonValue.Create(d);
            case "boolean" when kind == JsonValueKind.String && bool.TryParse(value.GetValue<string>(), out var b):
                return JsonValue.Create(b);
            default:
                return null;
        }
    }
}
