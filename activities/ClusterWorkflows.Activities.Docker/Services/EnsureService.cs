using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Sdk;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Services;

/// <summary>
/// Creates a swarm service, or updates the fields given when they differ (sent with the version
/// index read, so a concurrent change makes the Engine refuse instead of losing it).
/// </summary>
[Activity("docker.ensureService", 1, Category = ActivityCategories.Docker, InputErrorCode = "docker.bad-input",
    Description = "Ensures a swarm service exists with the given image, mode, replicas, env, labels, constraints, endpoint mode, ports, networks and command; updates only what differs.")]
public sealed class EnsureService(DockerClients clients) : IActivity<EnsureServiceInput, EnsureServiceOutput>
{
    public async Task<ActivityResult<EnsureServiceOutput>> ExecuteAsync(EnsureServiceInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DockerClients.Validate(input.Connection);
        if (input.Mode == "global" && input.Replicas is not null)
        {
            throw new NonRetryableActivityException("docker.bad-input", "replicas: only for mode replicated (a global service runs one task per eligible node)");
        }

        return await clients.UseAsync(input.Connection, context, async docker =>
        {
            var networkIds = await NetworkIdsAsync(docker, input, cancellationToken);
            var existing = await FindAsync(docker, input.Name, cancellationToken);
            if (existing is null)
            {
                if (context.CheckMode)
                {
                    context.Log.Info($"check mode: would create {input.Mode} service '{input.Name}' ({input.Image})");
                    return ActivityResult.Changed(new EnsureServiceOutput { Id = "", Created = true, Updated = false });
                }

                var created = await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = ServiceSpecs.New(input, networkIds) }, cancellationToken);
                foreach (var warning in created.Warnings ?? [])
                {
                    context.Log.Warning(warning);
                }

                context.Log.Info($"created {input.Mode} service '{input.Name}' ({input.Image}): {created.ID}");
                return ActivityResult.Changed(new EnsureServiceOutput { Id = created.ID, Created = true, Updated = false });
            }

            var spec = existing.Spec;
            var changes = ServiceSpecs.Apply(input, spec, networkIds);
            if (changes.Count == 0)
            {
                context.Log.Info($"service '{input.Name}' ({existing.ID}) is up to date");
                return ActivityResult.Unchanged(new EnsureServiceOutput { Id = existing.ID, Created = false, Updated = false });
            }

            if (context.CheckMode)
            {
                context.Log.Info($"check mode: would update service '{input.Name}': {string.Join("; ", changes)}");
                return ActivityResult.Changed(new EnsureServiceOutput { Id = existing.ID, Created = false, Updated = true });
            }

            var response = await docker.Swarm.UpdateServiceAsync(existing.ID, new ServiceUpdateParameters
            {
                Service = spec,
                Version = (long)existing.Version.Index,
            }, cancellationToken);
            foreach (var warning in response.Warnings ?? [])
            {
                context.Log.Warning(warning);
            }

            context.Log.Info($"updated service '{input.Name}' ({existing.ID}): {string.Join("; ", changes)}");
            return ActivityResult.Changed(new EnsureServiceOutput { Id = existing.ID, Created = false, Updated = true });
        }, cancellationToken);
    }

    internal static async Task<SwarmService?> FindAsync(IDockerClient docker, string name, CancellationToken cancellationToken)
    {
        var services = await docker.Swarm.ListServicesAsync(new ServicesListParameters { Filters = new ServiceFilter { Name = [name] } }, cancellationToken);
        return services.FirstOrDefault(s => s.Spec?.Name == name);
    }

    /// <summary>The Engine stores network ids in the spec; names given by the runbook are resolved to compare them.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> NetworkIdsAsync(IDockerClient docker, EnsureServiceInput input, CancellationToken cancellationToken)
    {
        if (input.Networks is not { Length: > 0 })
        {
            return new Dictionary<string, string>();
        }

        var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in input.Networks)
        {
            var match = networks.FirstOrDefault(n => n.Name == name || n.ID == name)
                ?? throw new NonRetryableActivityException("docker.network-unknown", $"networks: there is no network '{name}' (create it with docker.ensureNetwork first)");
            ids[name] = match.ID;
        }

        return ids;
    }
}
