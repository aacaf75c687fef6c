using ClusterWorkflows.Activities.Docker;
using ClusterWorkflows.Activities.Core;
using ClusterWorkflows.Activities.Pki;
using ClusterWorkflows.Activities.Ssh;
using ClusterWorkflows.Activities.Etcd;
using ClusterWorkflows.Runtime;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Secrets;

namespace ClusterWorkflows.Hosting;

/// <summary>Builds a ready engine (store migrated, every activity library registered) from settings.</summary>
public static class EngineFactory
{
    public static async Task<EngineServices> CreateAsync(
        EngineSettings settings,
        IRunObserver? observer = null,
        EngineOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(settings.Home);
        var store = await StoreFactory.OpenAsync(settings.Database, cancellationToken);
        var protector = settings.SecretKey is { } key
            ? SecretProtector.FromBase64(key, "the configured secret key")
            : SecretProtector.FromEnvironmentOrKeyFile(settings.KeyFile);
        return new EngineBuilder(store, protector)
        {
            Observer = observer ?? NullRunObserver.Instance,
            Options = options ?? new EngineOptions(),
        }
            .AddActivities(s => s.AddCoreActivities().AddPkiActivities().AddSshActivities().AddEtcdActivities().AddDockerActivities())
            .Build();
    }
}
