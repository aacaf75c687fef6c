using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Sdk;
using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Networks;

/// <summary>
/// Creates a network unless one with that name exists with the same settings. Networks cannot be
/// changed in place, so an existing one that differs is an error that lists the differences.
/// </summary>
[Activity("docker.ensureNetwork", 1, Category = ActivityCategories.Docker,
    Description = "Ensures a network (overlay by default) exists with the given driver, encryption, attachable flag and subnet; differing settings are an error.")]
public sealed class EnsureNetwork(DockerClients clients) : IActivity<EnsureNetworkInput, EnsureNetworkOutput>
{
    public async Task<ActivityResult<EnsureNetworkOutput>> ExecuteAsync(EnsureNetworkInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DockerClients.Validate(input.Connection);
        if (input.Subnet is { } subnet && !System.Net.IPNetwork.TryParse(subnet, out _))
        {
            throw new NonRetryableActivityException("docker.bad-input", $"subnet: '{subnet}' is not a CIDR subnet such as 10.20.0.0/24");
        }

        var host = input.Connection.Display;
        return await clients.UseAsync(input.Connection, context, async docker =>
        {
            // The name filter matches substrings: pick the exact name.
            var candidates = await docker.Networks.ListNetworksAsync(new NetworksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [input.Name] = true } },
            }, cancellationToken);
            var existing = candidates.FirstOrDefault(n => n.Name == input.Name);
            if (existing is not null)
            {
                var differences = Differences(input, existing);
                if (differences.Count > 0)
                {
                    throw new NonRetryableActivityException("docker.network-differs",
                        $"network '{input.Name}' ({existing.ID}) exists with other settings: {string.Join("; ", differences)}. Networks cannot be updated in place: remove it (and detach its services) first, or change the inputs");
                }

                context.Log.Info($"network '{input.Name}' ({existing.ID}) exists as wanted");
                return ActivityResult.Unchanged(new EnsureNetworkOutput { Id = existing.ID, Created = false });
            }

            var description = $"{input.Driver} network '{input.Name}'{(input.Encrypted ? " (encrypted)" : "")}{(input.Attachable ? " (attachable)" : "")}{(input.Subnet is null ? "" : " subnet " + input.Subnet)}";
            if (context.CheckMode)
            {
                context.Log.Info($"check mode: would create {description} via {host}");
                return ActivityResult.Changed(new EnsureNetworkOutput { Id = "", Created = true });
            }

            var created = await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = input.Name,
                Driver = input.Driver,
                Attachable = input.Attachable,
                CheckDuplicate = true,
                Options = input.Encrypted ? new Dictionary<string, string> { ["encrypted"] = "" } : null,
                IPAM = input.Subnet is null ? null : new IPAM { Driver = "default", Config = [new IPAMConfig { Subnet = input.Subnet }] },
                Labels = input.Labels,
            }, cancellationToken);
            context.Log.Info($"created {description}: {created.ID}");
            return ActivityResult.Changed(new EnsureNetworkOutput { Id = created.ID, Created = true });
        }, cancellationToken);
    }

    private static List<string> Differences(EnsureNetworkInput input, NetworkResponse existing)
    {
        var differences = new List<string>();
        if (!string.Equals(existing.Driver, input.Driver, StringComparison.Ordinal))
        {
            differences.Add($"driver is {existing.Driver}, wanted {input.Driver}");
        }

        var encrypted = existing.Options?.ContainsKey("encrypted") ?? false;
        if (encrypted != input.Encrypted)
        {
            differences.Add($"encrypted is {encrypted.ToString().ToLowerInvariant()}, wanted {input.Encrypted.ToString().ToLowerInvariant()}");
        }

        if (existing.Attachable != input.Attachable)
        {
            differences.Add($"attachable is {existing.Attachable.ToString().ToLowerInvariant()}, wanted {input.Attachable.ToString().ToLowerInvariant()}");
        }

        var subnets = (existing.IPAM?.Config ?? []).Select(c => c.Subnet).Where(s => !string.IsNullOrEmpty(s)).ToList();
        if (input.Subnet is { } subnet && !subnets.Contains(subnet, StringComparer.Ordinal))
        {
            differences.Add($"subnet is {(subnets.Count == 0 ? "unset" : string.Join(",", subnets))}, wanted {subnet}");
        }

        return differences;
    }
}
