using ClusterWorkflows.Expressions;
using ClusterWorkflows.Runtime.Definitions;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Runtime.Hosting;

/// <summary>
/// The composition root of an engine process: the store, the activity libraries (each added
/// explicitly through its <c>AddXxxActivities()</c>), secrets, clock and options.
/// </summary>
public sealed class EngineBuilder
{
    private readonly ServiceCollection services = new();

    public EngineBuilder(IWorkflowStore store, SecretProtector protector)
    {
        Store = store;
        Protector = protector;
    }

    public IWorkflowStore Store { get; }
    public SecretProtector Protector { get; }
    public EngineOptions Options { get; set; } = new();
    public TimeProvider Time { get; set; } = TimeProvider.System;
    public IRunObserver Observer { get; set; } = NullRunObserver.Instance;
    public ExpressionLimits ExpressionLimits { get; set; } = ExpressionLimits.Default;

    public EngineBuilder AddActivities(Action<IServiceCollection> register)
    {
        register(services);
        return this;
    }

    public EngineServices Build()
    {
        services.AddSingleton(Time);
        var secrets = new SecretStore(Store, Protector);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var catalog = new ActivityCatalog(provider.GetServices<ActivityRegistration>());
        return new EngineServices
        {
            Store = Store,
            Catalog = catalog,
            Provider = provider,
            Definitions = new DefinitionRepository(Store, catalog, Time),
            Secrets = secrets,
            Protector = Protector,
            Evaluator = new ExpressionEvaluator(ExpressionLimits),
            Options = Options,
            Time = Time,
            Observer = Observer,
        };
    }
}
