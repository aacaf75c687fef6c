using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Activities.Etcd.Tests.Provisioning;

/// <summary>The shared conformance suite on etcd.configureMember, against a real lab host.</summary>
[Collection(EtcdHostLabCollection.Name)]
public sealed class ConfigureMemberConformanceTests(EtcdHostLab lab) : ActivityConformanceTests
{
    protected override void Register(IServiceCollection services)
    {
        services.AddEtcdProvisioningActivities();
        services.AddSingleton<ISecretVault>(lab.NewVault());
    }

    protected override IEnumerable<ConformanceCase> Cases()
    {
        lab.RequireUp();
        yield return new ConformanceCase("etcd.configureMember@1", lab.MemberInput())
        {
            SecondRunUnchanged = true,
            // What the activity writes and starts: the configuration's checksum and the unit's state.
            Probe = async _ => await lab.ShellAsync("sha256sum /etc/default/etcd /etc/etcd/pki/member-key.pem 2>&1; systemctl is-enabled etcd; systemctl show -p ActiveState --value etcd"),
        };
    }
}
