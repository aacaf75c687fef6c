using ClusterWorkflows.Activities.Docker;
using ClusterWorkflows.Activities.Core;
using ClusterWorkflows.Activities.Pki;
using ClusterWorkflows.Activities.Ssh;
using ClusterWorkflows.Activities.Etcd;
using ClusterWorkflows.Runtime;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Secrets;
using Microsoft.Extensions.DependencyInjection;

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
            .AddActivities(AddActivityLibraries)
            .Build();
    }

    /// <summary>The activity catalog alone: validating runbooks and writing their schema need no store or key.</summary>
    public static ActivityCatalog CreateCatalog()
    {
        var services = new ServiceCollection();
        AddActivityLibraries(services);
        using var provider = services.BuildServiceProvider();
        return new ActivityCatalog(provider.GetServices<ActivityRegistration>());
    }

    private static void AddActivityLibraries(IServiceCollection services) =>
        services.AddCoreActivities().AddPkiActivities().AddSshActivities().AddEtcdActivities().AddDockerActivities();
}
