using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Descriptors;

namespace ClusterWorkflows.Sdk.Registration;

/// <summary>What one activity returned, as JSON for the journal.</summary>
public sealed record ActivityInvocation(
    JsonObject Outputs,
    bool Changed,
    IReadOnlyDictionary<string, JsonNode?>? SetVariables);

/// <summary>
/// An activity known to the engine: its descriptor and a typed invoker that binds JSON inputs to
/// the input record, builds the activity from the container and executes it.
/// </summary>
public sealed class ActivityRegistration
{
    internal ActivityRegistration(
        ActivityDescriptor descriptor,
        Type activityType,
        Type inputType,
        Type outputType,
        Func<IServiceProvider, JsonObject, ActivityContext, CancellationToken, Task<ActivityInvocation>> invoke)
    {
        Descriptor = descriptor;
        ActivityType = activityType;
        InputType = inputType;
        OutputType = outputType;
        Invoke = invoke;
    }

    public ActivityDescriptor Descriptor { get; }
    public Type ActivityType { get; }
    public Type InputType { get; }
    public Type OutputType { get; }
    public Func<IServiceProvider, JsonObject, ActivityContext, CancellationToken, Task<ActivityInvocation>> Invoke { get; }
}
