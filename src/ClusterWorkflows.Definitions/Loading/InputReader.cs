using ClusterWorkflows.Definitions.Model;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Definitions.Loading;

/// <summary>Reads <c>inputs:</c>, a mapping of input names to their specs.</summary>
internal sealed class InputReader(LoadContext context)
{
    public static readonly string[] Keys = ["type", "required", "default", "allowed", "secret", "description"];

    public static readonly string[] TypeNames = ["string", "integer", "number", "boolean", "array", "object"];

    public List<InputDefinition> Read(YamlMappingNode? node)
    {
        var inputs = new List<InputDefinition>();
        if (node is null)
        {
            return inputs;
        }

        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode k || string.IsNullOrEmpty(k.Value))
            {
                context.Report(DiagnosticCodes.WrongType, $"input names must be plain names, got {YamlValues.Describe(key)}", key, null);
                continue;
            }

            inputs.Add(ReadOne(k, value));
        }

        return inputs;
    }

    private InputDefinition ReadOne(YamlScalarNode key, YamlNode value)
    {
        var name = key.Value!;
        if (YamlValues.IsNull(value))
        {
            return new InputDefinition { Name = name, Location = context.At(key) };
        }

        if (value is not YamlMappingNode spec)
        {
            context.Report(
                DiagnosticCodes.WrongType,
                $"input '{name}' must be a mapping like {{ type: string, required: true }}, got {YamlValues.Describe(value)}",
                value,
                null);
            return new InputDefinition { Name = name, Location = context.At(key) };
        }

        var map = new MapReader(context, spec, $"input '{name}'", stepPath: null);
        map.CheckKeys(Keys);
        var type = InputType.String;
        if (map.Text("type") is { } typeName)
        {
            var index = Array.IndexOf(TypeNames, typeName);
            if (index < 0)
            {
                map.Fail(
                    "type",
                    DiagnosticCodes.InvalidValue,
                    $"input '{name}': type must be one of {string.Join(", ", TypeNames)}, got '{typeName}'{Suggestions.DidYouMean(typeName, TypeNames)}");
            }
            else
            {
                type = (InputType)index;
            }
        }

        var allowed = map.List("allowed", "a list of allowed values");
        return new InputDefinition
        {
            Name = name,
            Type = type,
            Required = map.Bool("required") ?? false,
            Default = map.Value("default") is { } d ? YamlValues.ToJson(d, context, null) : null,
            Allowed = allowed?.Children.Select(c => YamlValues.ToJson(c, context, null)).ToList(),
            Secret = map.Bool("secret") ?? false,
            Description = map.Text("description"),
            Location = context.At(key),
            FieldLocations = map.Locations,
            ReportedFields = map.Reported,
        };
    }
}
