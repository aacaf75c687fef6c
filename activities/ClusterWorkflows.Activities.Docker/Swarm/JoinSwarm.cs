using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Sdk;
using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Swarm;

/// <summary>Joins the host to a swarm with a token read from the vault; unchanged when it is already a member with that role.</summary>
[Activity("docker.joinSwarm", 1, Category = ActivityCategories.Docker,
    Description = "Joins the host to a swarm as manager or worker (token read from the vault); unchanged when it is already in that swarm with that role.")]
public sealed class JoinSwarm(DockerClients clients) : IActivity<JoinSwarmInput, JoinSwarmOutput>
{
    public async Task<ActivityResult<JoinSwarmOutput>> ExecuteAsync(JoinSwarmInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DockerClients.Validate(input.Connection);
        SwarmMembership.RequireIp(input.AdvertiseAddress, "advertiseAddress");
        SwarmMembership.RequireHostPort(input.RemoteAddress, "remoteAddress");
        if (input.Role is not ("manager" or "worker"))
        {
            throw new NonRetryableActivityException("docker.bad-input", $"role: must be manager or worker, got '{input.Role}'");
        }

        var host = input.Connection.Display;
        var state = SwarmMembership.From(await clients.UseAsync(input.Connection, context, docker => docker.System.GetSystemInfoAsync(cancellationToken), cancellationToken));
        if (state.Active)
        {
            if (!state.ManagerAddresses.Contains(input.RemoteAddress, StringComparer.Ordinal))
            {
                throw new NonRetryableActivityException("docker.swarm-conflict",
                    $"{host}: the node is already in another swarm (cluster {state.ClusterId}, managers {string.Join(", ", state.ManagerAddresses)}), not the one at {input.RemoteAddress}; make it leave first");
            }

            if (state.Role != input.Role)
            {
                throw new NonRetryableActivityException("docker.swarm-conflict",
                    $"{host}: the node is already in the swarm as a {state.Role}, not a {input.Role}; promote or demote it instead");
            }

            context.Log.Info($"{host} is already a {state.Role} of swarm {state.ClusterId} (node {state.NodeId})");
            return ActivityResult.Unchanged(new JoinSwarmOutput { NodeId = state.NodeId, Role = state.Role });
        }

        if (!state.Inactive)
        {
            throw state.Unusable(host);
        }

        if (context.CheckMode)
        {
            // The token may come from a saveJoinTokens step that did not store anything in check mode.
            context.Log.Info($"check mode: would join {host} to the swarm at {input.RemoteAddress} as a {input.Role}");
            return ActivityResult.Changed(new JoinSwarmOutput { NodeId = "", Role = input.Role });
        }

        var vault = context.Secrets ?? throw new NonRetryableActivityException("docker.no-vault", "tokenSecret: no secret vault is available to this run");
        var token = await vault.GetAsync(input.TokenSecret, cancellationToken)
            ?? throw new NonRetryableActivityException("docker.bad-input", $"tokenSecret: the vault has no secret named '{input.TokenSecret}'");

        context.Log.Info($"joining {host} to the swarm at {input.RemoteAddress} as a {input.Role}");
        var redact = new[] { token };
        var joined = await clients.UseAsync(input.Connection, context, async docker =>
        {
            await docker.Swarm.JoinSwarmAsync(new SwarmJoinParameters
            {
                RemoteAddrs = [input.RemoteAddress],
                JoinToken = token,
                AdvertiseAddr = input.AdvertiseAddress,
                ListenAddr = "0.0.0.0:2377",
            }, cancellationToken);
            return SwarmMembership.From(await docker.System.GetSystemInfoAsync(cancellationToken));
        }, cancellationToken, redact);

        if (joined.Active && joined.Role != input.Role)
        {
            throw new NonRetryableActivityException("docker.swarm-conflict",
                $"{host}: joined as a {joined.Role} although role {input.Role} was asked: secret '{input.TokenSecret}' holds the {joined.Role} token");
        }

        context.Log.Info($"{host} joined swarm {joined.ClusterId} as {joined.Role} node {joined.NodeId}");
        return ActivityResult.Changed(new JoinSwarmOutput { NodeId = joined.NodeId, Role = input.Role });
    }
}
