using ClusterWorkflows.Activities.Etcd.Health;
using ClusterWorkflows.Activities.Etcd.Members;
using ClusterWorkflows.Activities.Etcd.Snapshots;
using ClusterWorkflows.Sdk.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Activities.Etcd;

public static class EtcdActivities
{
    /// <summary>Registers the <c>etcd.*</c> activities (explicitly: no assembly scanning).</summary>
    public static IServiceCollection AddEtcdActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddActivity<CheckEtcdHealth>();
        services.AddActivity<ListEtcdMembers>();
        services.AddActivity<AddEtcdMember>();
        services.AddActivity<RemoveEtcdMember>();
        services.AddActivity<SaveEtcdSnapshot>();
        return services;
    }
}
