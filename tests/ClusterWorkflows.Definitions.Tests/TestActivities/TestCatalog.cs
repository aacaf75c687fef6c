using ClusterWorkflows.Sdk.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Definitions.Tests.TestActivities;

/// <summary>The catalog the tests validate against: small stand-ins mirroring the core activities' ids and inputs.</summary>
public static class TestCatalog
{
    public static ActivityCatalog Instance { get; } = Create();

    private static ActivityCatalog Create()
    {
        var services = new ServiceCollection()
            .AddActivity<LogActivity>()
            .AddActivity<SetVariableActivity>()
            .AddActivity<FailActivity>()
            .AddActivity<DelayActivity>()
            .AddActivity<HttpActivity>()
            .AddActivity<CommandActivity>()
            .AddActivity<CommandActivityV2>()
            .AddActivity<AssertActivity>();
        using var provider = services.BuildServiceProvider();
        return new ActivityCatalog(provider.GetServices<ActivityRegistration>());
    }
}
