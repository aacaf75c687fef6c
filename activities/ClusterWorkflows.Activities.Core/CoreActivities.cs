using ClusterWorkflows.Activities.Core.Assertions;
using ClusterWorkflows.Activities.Core.Commands;
using ClusterWorkflows.Activities.Core.Drills;
using ClusterWorkflows.Activities.Core.Http;
using ClusterWorkflows.Activities.Core.Logging;
using ClusterWorkflows.Activities.Core.Timing;
using ClusterWorkflows.Activities.Core.Variables;
using ClusterWorkflows.Sdk.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClusterWorkflows.Activities.Core;

public static class CoreActivities
{
    /// <summary>Registers the built-in <c>core.*</c> activities (explicitly: no assembly scanning).</summary>
    public static IServiceCollection AddCoreActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // TryAdd so a host (or a test) can supply its own client, e.g. with a proxy or custom CA.
        services.TryAddSingleton<ICoreHttpClientProvider, CoreHttpClientProvider>();

        services.AddActivity<WriteLog>();
        services.AddActivity<SetVariable>();
        services.AddActivity<FailAttempts>();
        services.AddActivity<ProgressDrill>();
        services.AddActivity<WaitDelay>();
        services.AddActivity<SendHttpRequest>();
        services.AddActivity<RunLocalCommand>();
        services.AddActivity<AssertCondition>();
        return services;
    }
}
