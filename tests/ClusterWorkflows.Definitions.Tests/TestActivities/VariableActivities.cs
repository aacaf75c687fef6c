using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Definitions.Tests.TestActivities;

public sealed record SetVariableInput
{
    public required string Name { get; init; }
    public required JsonNode Value { get; init; }
}

public sealed record SetVariableOutput(string Name, JsonNode? Value);

[Activity("core.setVariable", 1, Category = "Core")]
public sealed class SetVariableActivity : IActivity<SetVariableInput, SetVariableOutput>
{
    public Task<ActivityResult<SetVariableOutput>> ExecuteAsync(SetVariableInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Changed(new SetVariableOutput(input.Name, input.Value)));
}

public sealed record AssertInput
{
    public required bool That { get; init; }
    public string? Message { get; init; }
}

[Activity("core.assert", 1, Category = "Core")]
public sealed class AssertActivity : IActivity<AssertInput, NoOutput>
{
    public Task<ActivityResult<NoOutput>> ExecuteAsync(AssertInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(NoOutput.Instance));
}
