using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Activities.Docker.Daemon;
using ClusterWorkflows.Activities.Docker.Networks;
using ClusterWorkflows.Activities.Docker.Nodes;
using ClusterWorkflows.Activities.Docker.Services;
using ClusterWorkflows.Activities.Docker.Swarm;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClusterWorkflows.Activities.Docker;

public static class DockerActivities
{
    /// <summary>Registers the <c>docker.*</c> activities, the Engine client cache and the SSH pool they share.</summary>
    public static IServiceCollection AddDockerActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<SshConnectionPool>();
        services.TryAddSingleton<DockerClients>();
        services.AddActivity<InitSwarm>();
        services.AddActivity<SaveJoinTokens>();
        services.AddActivity<JoinSwarm>();
        services.AddActivity<SetNodeLabels>();
        services.AddActivity<SetNodeAvailability>();
        services.AddActivity<ListNodes>();
        services.AddActivity<EnsureNetwork>();
        services.AddActivity<ConfigureDaemon>();
        services.AddActivity<EnsureService>();
        services.AddActivity<WaitForService>();
        services.AddActivity<InspectService>();
        return services;
    }
}
