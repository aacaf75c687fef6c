using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Sdk;
using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Swarm;

/// <summary>Creates a swarm on the host unless it already manages one advertising the same address.</summary>
[Activity("docker.initSwarm", 1, Category = ActivityCategories.Docker,
    Description = "Initialises a new swarm on the host (docker swarm init); unchanged when the host already manages a swarm advertising that address.")]
public sealed class InitSwarm(DockerClients clients) : IActivity<InitSwarmInput, InitSwarmOutput>
{
    public async Task<ActivityResult<InitSwarmOutput>> ExecuteAsync(InitSwarmInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DockerClients.Validate(input.Connection);
        SwarmMembership.RequireIp(input.AdvertiseAddress, "advertiseAddress");
        SwarmMembership.RequireHostPort(input.ListenAddress, "listenAddress");
        var host = input.Connection.Display;
        return await clients.UseAsync(input.Connection, context, async docker =>
        {
            var state = SwarmMembership.From(await docker.System.GetSystemInfoAsync(cancellationToken));
            if (state.Active)
            {
                if (!state.IsManager)
                {
                    throw new NonRetryableActivityException("docker.swarm-conflict", $"{host}: the node is a worker in an existing swarm (cluster {state.ClusterId}); it cannot initialise another one");
                }

                if (SwarmMembership.HostOf(state.NodeAddress) != input.AdvertiseAddress)
                {
                    throw new NonRetryableActivityException("docker.swarm-conflict",
                        $"{host}: the node already manages a swarm (cluster {state.ClusterId}) advertising {state.NodeAddress}, not {input.AdvertiseAddress}");
                }

                context.Log.Info($"{host} already manages swarm {state.ClusterId} as node {state.NodeId}");
                return ActivityResult.Unchanged(new InitSwarmOutput { NodeId = state.NodeId, ClusterId = state.ClusterId });
            }

            if (!state.Inactive)
            {
                throw state.Unusable(host);
            }

            if (context.CheckMode)
            {
                context.Log.Info($"check mode: would initialise a swarm on {host} advertising {input.AdvertiseAddress}");
                return ActivityResult.Changed(new InitSwarmOutput { NodeId = "", ClusterId = "" });
            }

            var nodeId = await docker.Swarm.InitSwarmAsync(new SwarmInitParameters
            {
                AdvertiseAddr = input.AdvertiseAddress,
                ListenAddr = input.ListenAddress,
            }, cancellationToken);
            nodeId = nodeId.Trim().Trim('"');
            var swarm = await docker.Swarm.InspectSwarmAsync(cancellationToken);
            context.Log.Info($"initialised swarm {swarm.ID} on {host}; manager node {nodeId} advertises {input.AdvertiseAddress}");
            return ActivityResult.Changed(new InitSwarmOutput { NodeId = nodeId, ClusterId = swarm.ID });
        }, cancellationToken);
    }
}
