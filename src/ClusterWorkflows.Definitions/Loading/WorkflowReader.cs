using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using YamlDotNet.RepresentationModel;

namespace ClusterWorkflows.Definitions.Loading;

/// <summary>Reads the top level of a runbook document into a <see cref="WorkflowDefinition"/>.</summary>
internal sealed class WorkflowReader(LoadContext context)
{
    public static readonly string[] Keys = ["id", "version", "description", "inputs", "concurrency", "triggers", "outputs", "steps", "$schema"];

    public WorkflowDefinition Read(YamlMappingNode root)
    {
        var map = new MapReader(context, root, "the workflow", stepPath: null);
        map.CheckKeys(Keys);
        var id = map.Text("id", required: true) ?? "";
        var version = map.Int("version", required: true) ?? 0;
        var description = map.Text("description");
        var concurrency = map.Text("concurrency");
        map.Text("$schema");
        var inputs = new InputReader(context).Read(map.Map("inputs", "a mapping of input names to their specs"));
        var triggers = new TriggerReader(context).Read(map.List("triggers", "a list of triggers"));
        var outputs = ReadOutputs(map);
        var steps = new StepReader(context).ReadRequiredList(map, "steps", parentPath: null);
        return new WorkflowDefinition
        {
            Id = id,
            Version = version,
            Description = description,
            Inputs = inputs,
            Concurrency = concurrency,
            Triggers = triggers,
            Outputs = outputs,
            Steps = steps,
            Location = context.At(root),
            FieldLocations = map.Locations,
            ReportedFields = map.Reported,
        };
    }

    private Dictionary<string, JsonNode?> ReadOutputs(MapReader map)
    {
        var outputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (map.Map("outputs", "a mapping of output names to values or ${{ }} expressions") is not { } node)
        {
            return outputs;
        }

        var reader = new MapReader(context, node, "outputs", stepPath: null, "outputs.", map.Locations, map.Reported);
        foreach (var name in reader.Keys)
        {
            outputs[name] = YamlValues.ToJson(reader.Value(name)!, context, stepPath: null);
        }

        return outputs;
    }
}
