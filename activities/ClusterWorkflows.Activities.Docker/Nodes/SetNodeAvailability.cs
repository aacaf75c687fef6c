using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Docker.Nodes;

/// <summary>Drains, pauses or reactivates a node; unchanged when it already has that availability.</summary>
[Activity("docker.setNodeAvailability", 1, Category = ActivityCategories.Docker,
    Description = "Sets a swarm node's availability (active, pause, drain) and returns the previous one; unchanged when already so.")]
public sealed class SetNodeAvailability(DockerClients clients) : IActivity<SetNodeAvailabilityInput, SetNodeAvailabilityOutput>
{
    public async Task<ActivityResult<SetNodeAvailabilityOutput>> ExecuteAsync(SetNodeAvailabilityInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DockerClients.Validate(input.Connection);
        if (input.Availability is not ("active" or "pause" or "drain"))
        {
            throw new NonRetryableActivityException("docker.bad-input", $"availability: must be active, pause or drain, got '{input.Availability}'");
        }

        var host = input.Connection.Display;
        return await clients.UseAsync(input.Connection, context, async docker =>
        {
            var node = await NodeLookup.FindAsync(docker, input.Node, host, cancellationToken);
            var spec = NodeLookup.CopySpec(node);
            var previous = spec.Availability ?? "";
            var output = new SetNodeAvailabilityOutput { NodeId = node.ID, Previous = previous };
            if (previous == input.Availability)
            {
                context.Log.Info($"node {node.Description?.Hostname} ({node.ID}) is already {previous}");
                return ActivityResult.Unchanged(output);
            }

            if (context.CheckMode)
            {
                context.Log.Info($"check mode: would set node {node.Description?.Hostname} from {previous} to {input.Availability}");
                return ActivityResult.Changed(output);
            }

            spec.Availability = input.Availability;
            await NodeLookup.UpdateAsync(docker, node, spec, cancellationToken);
            context.Log.Info($"node {node.Description?.Hostname} ({node.ID}): availability {previous} -> {input.Availability}");
            return ActivityResult.Changed(output);
        }, cancellationToken);
    }
}
