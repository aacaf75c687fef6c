using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Docker.Nodes;

/// <summary>Read-only: the swarm's nodes.</summary>
[Activity("docker.listNodes", 1, Category = ActivityCategories.Docker,
    Description = "Lists the swarm's nodes (id, hostname, role, state, availability, address, leader, reachability, labels) from a manager.")]
public sealed class ListNodes(DockerClients clients) : IActivity<ListNodesInput, ListNodesOutput>
{
    public async Task<ActivityResult<ListNodesOutput>> ExecuteAsync(ListNodesInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DockerClients.Validate(input.Connection);
        var nodes = await clients.UseAsync(input.Connection, context, docker => docker.Swarm.ListNodesAsync(cancellationToken), cancellationToken);
        var list = nodes.Select(n => new SwarmNode
        {
            Id = n.ID,
            Hostname = n.Description?.Hostname ?? "",
            Role = n.Spec?.Role ?? "",
            State = n.Status?.State ?? "",
            Availability = n.Spec?.Availability ?? "",
            Address = n.Status?.Addr ?? "",
            Leader = n.ManagerStatus?.Leader ?? false,
            Reachability = n.ManagerStatus?.Reachability ?? "",
            Labels = new Dictionary<string, string>(n.Spec?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
        }).OrderBy(n => n.Hostname, StringComparer.Ordinal).ToArray();
        foreach (var n in list)
        {
            context.Log.Info($"{n.Hostname} {n.Id} {n.Role}{(n.Leader ? " (leader)" : "")} {n.State} {n.Availability} {n.Address}");
        }

        return ActivityResult.Unchanged(new ListNodesOutput { Nodes = list });
    }
}
