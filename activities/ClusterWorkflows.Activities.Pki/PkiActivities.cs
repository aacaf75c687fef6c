using ClusterWorkflows.Activities.Pki.Authority;
using ClusterWorkflows.Activities.Pki.Checking;
using ClusterWorkflows.Activities.Pki.Issuing;
using ClusterWorkflows.Sdk.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Activities.Pki;

public static class PkiActivities
{
    /// <summary>Registers the <c>pki.*</c> activities (explicitly: no assembly scanning).</summary>
    public static IServiceCollection AddPkiActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddActivity<CreateCertificateAuthority>();
        services.AddActivity<IssueCertificate>();
        services.AddActivity<CheckCertificate>();
        return services;
    }
}
