using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Activities.Core.Tests;

internal static class CoreHarness
{
    public static ActivityHarness Create(TimeProvider? time = null) => new(s => s.AddCoreActivities(), time);
}
