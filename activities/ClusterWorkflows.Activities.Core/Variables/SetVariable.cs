using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Variables;

[Activity("core.setVariable", 1, Category = ActivityCategories.Core, Description = "Assigns a run variable that later steps can read.")]
public sealed class SetVariable : IActivity<SetVariableInput, SetVariableOutput>
{
    public Task<ActivityResult<SetVariableOutput>> ExecuteAsync(SetVariableInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Separate copies: the runtime may attach the journaled variable and the output to different JSON trees.
        var output = new SetVariableOutput { Name = input.Name, Value = input.Value?.DeepClone() };
        var result = ActivityResult.Unchanged(output) with
        {
            SetVariables = new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(StringComparer.Ordinal)
            {
                [input.Name] = input.Value?.DeepClone(),
            },
        };
        return Task.FromResult(result);
    }
}
