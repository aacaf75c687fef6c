using ClusterWorkflows.Testing;
using Xunit;

namespace ClusterWorkflows.Activities.Etcd.Tests;

public sealed class EtcdActivitiesRegistrationTests
{
    [Fact]
    public void AddEtcdActivities_RegistersEveryEtcdActivity()
    {
        using var harness = new ActivityHarness(services => services.AddEtcdActivities());

        var references = harness.Catalog.Descriptors.Select(d => d.Reference).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["etcd.addMember@1", "etcd.checkHealth@1", "etcd.configureMember@1", "etcd.listMembers@1", "etcd.removeMember@1", "etcd.snapshot@1"], references);
    }
}
