using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Docker.Swarm;

/// <summary>
/// Copies the swarm's join tokens into the vault, so later join steps reference them by name and
/// the tokens never pass through outputs, expressions or the journal.
/// </summary>
[Activity("docker.saveJoinTokens", 1, Category = ActivityCategories.Docker,
    Description = "Stores the swarm's manager and worker join tokens in the vault under the given names; changed only when a stored value differed.")]
public sealed class SaveJoinTokens(DockerClients clients) : IActivity<SaveJoinTokensInput, SaveJoinTokensOutput>
{
    public async Task<ActivityResult<SaveJoinTokensOutput>> ExecuteAsync(SaveJoinTokensInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DockerClients.Validate(input.Connection);
        if (input.ManagerTokenSecret == input.WorkerTokenSecret)
        {
            throw new NonRetryableActivityException("docker.bad-input", "workerTokenSecret: must differ from managerTokenSecret");
        }

        var vault = context.Secrets ?? throw new NonRetryableActivityException(
            "docker.no-vault", "managerTokenSecret/workerTokenSecret: no secret vault is available to this run");
        var swarm = await clients.UseAsync(input.Connection, context, docker => docker.Swarm.InspectSwarmAsync(cancellationToken), cancellationToken);
        var tokens = swarm.JoinTokens;
        if (tokens is null || string.IsNullOrEmpty(tokens.Manager) || string.IsNullOrEmpty(tokens.Worker))
        {
            throw new NonRetryableActivityException("docker.not-manager", $"{input.Connection.Display}: the swarm returned no join tokens (is the connection a manager?)");
        }

        var changed = false;
        foreach (var (name, value, role) in new[] { (input.ManagerTokenSecret, tokens.Manager, "manager"), (input.WorkerTokenSecret, tokens.Worker, "worker") })
        {
            var stored = await vault.GetAsync(name, cancellationToken);
            if (stored == value)
            {
                context.Log.Info($"secret '{name}' already holds the current {role} join token");
                continue;
            }

            changed = true;
            if (context.CheckMode)
            {
                context.Log.Info($"check mode: would store the {role} join token in secret '{name}'");
                continue;
            }

            await vault.SetAsync(name, value, cancellationToken);
            context.Log.Info($"stored the {role} join token of swarm {swarm.ID} in secret '{name}'");
        }

        var output = new SaveJoinTokensOutput { ManagerTokenSecret = input.ManagerTokenSecret, WorkerTokenSecret = input.WorkerTokenSecret };
        return changed ? ActivityResult.Changed(output) : ActivityResult.Unchanged(output);
    }
}
