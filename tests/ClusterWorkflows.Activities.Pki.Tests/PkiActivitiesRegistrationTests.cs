using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Activities.Pki.Tests;

public sealed class PkiActivitiesRegistrationTests
{
    [Fact]
    public void AddPkiActivities_RegistersEveryActivity()
    {
        using var harness = new ActivityHarness(services => services.AddPkiActivities());

        var references = harness.Catalog.Descriptors.Select(d => d.Reference).Order(StringComparer.Ordinal);

        Assert.Equal(["pki.checkCertificate@1", "pki.createCa@1", "pki.issueCertificate@1"], references);
    }
}
