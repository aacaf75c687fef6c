using ClusterWorkflows.Activities.Ssh.Commands;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Activities.Ssh.Files;
using ClusterWorkflows.Activities.Ssh.Systemd;
using ClusterWorkflows.Activities.Ssh.Waiting;
using ClusterWorkflows.Sdk.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClusterWorkflows.Activities.Ssh;

public static class SshActivities
{
    /// <summary>Registers the <c>ssh.*</c> activities and the connection pool they share.</summary>
    public static IServiceCollection AddSshActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<SshConnectionPool>();
        services.AddActivity<RunRemoteCommand>();
        services.AddActivity<EnsureRemoteFile>();
        services.AddActivity<EnsureRemoteDirectory>();
        services.AddActivity<EnsureRemoteLine>();
        services.AddActivity<WaitForRemote>();
        services.AddActivity<EnsureSystemdUnit>();
        return services;
    }
}
