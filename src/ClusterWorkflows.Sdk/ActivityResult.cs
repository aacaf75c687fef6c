using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk;

public sealed record ActivityResult<TOutput>(TOutput Outputs, bool Changed)
    where TOutput : class
{
    /// <summary>Run variables this step assigns; the runtime journals and replays them.</summary>
    public IReadOnlyDictionary<string, JsonNode?>? SetVariables { get; init; }
}

public static class ActivityResult
{
    public static ActivityResult<T> Changed<T>(T outputs) where T : class => new(outputs, true);

    public static ActivityResult<T> Unchanged<T>(T outputs) where T : class => new(outputs, false);
}

/// <summary>The output of an activity that returns nothing.</summary>
public sealed record NoOutput
{
    public static readonly NoOutput Instance = new();
}
