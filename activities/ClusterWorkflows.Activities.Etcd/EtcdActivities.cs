using ClusterWorkflows.Activities.Etcd.Health;
using ClusterWorkflows.Activities.Etcd.Members;
using ClusterWorkflows.Activities.Etcd.Provisioning;
using ClusterWorkflows.Activities.Etcd.Snapshots;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClusterWorkflows.Activities.Etcd;

public static class EtcdActivities
{
    /// <summary>Registers every <c>etcd.*</c> activity (explicitly: no assembly scanning).</summary>
    public static IServiceCollection AddEtcdActivities(this IServiceCollection services) =>
        services.AddEtcdClientActivities().AddEtcdProvisioningActivities();

    /// <summary>The activities that talk to a running cluster over its TLS client API (gRPC).</summary>
    public static IServiceCollection AddEtcdClientActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddActivity<CheckEtcdHealth>();
        services.AddActivity<ListEtcdMembers>();
        services.AddActivity<AddEtcdMember>();
        services.AddActivity<RemoveEtcdMember>();
        services.AddActivity<SaveEtcdSnapshot>();
        return services;
    }

    /// <summary>The activities that set members up on their hosts over SSH.</summary>
    public static IServiceCollection AddEtcdProvisioningActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<SshConnectionPool>();
        services.AddActivity<ConfigureEtcdMember>();
        return services;
    }
}
