using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Activities.Etcd.Tests.Provisioning;

/// <summary>etcd.configureMember on a real host: a member that serves TLS clients, restarts only on change.</summary>
[Collection(EtcdHostLabCollection.Name)]
public sealed class ConfigureMemberLabTests(EtcdHostLab lab) : IAsyncLifetime
{
    private ActivityHarness harness = null!;

    public Task InitializeAsync()
    {
        harness = new ActivityHarness(services => services.AddEtcdActivities()) { Secrets = lab.NewVault() };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [LabFact]
    public async Task ConfigureMember_SingleMember_ServesTlsClientsAndRestartsOnlyOnChange()
    {
        lab.RequireUp();
        await harness.InvokeAsync("etcd.configureMember@1", lab.MemberInput());
        await WaitHealthyAsync();

        var again = await harness.InvokeAsync("etcd.configureMember@1", lab.MemberInput());
        Assert.False(again.Changed);
        Assert.Equal("unchanged", again.Outputs["action"]!.GetValue<string>());
        Assert.Empty(again.Outputs["changedFiles"]!.AsArray());
        Assert.Equal("600 etcd", await lab.ShellAsync("stat -c '%a %U' /etc/etcd/pki/member-key.pem"));
        Assert.Contains("ETCD_CLIENT_CERT_AUTH=\"true\"", await lab.ShellAsync("cat /etc/default/etcd"), StringComparison.Ordinal);

        // Someone loosened the key file: the next run puts it back and restarts the member.
        await lab.ShellAsync("chmod 0644 /etc/etcd/pki/member-key.pem");
        var check = await harness.InvokeAsync("etcd.configureMember@1", lab.MemberInput(), checkMode: true);
        Assert.True(check.Changed);
        Assert.Equal("644", await lab.ShellAsync("stat -c '%a' /etc/etcd/pki/member-key.pem"));
        var repaired = await harness.InvokeAsync("etcd.configureMember@1", lab.MemberInput());
        Assert.True(repaired.Changed);
        Assert.Equal("restarted", repaired.Outputs["action"]!.GetValue<string>());
        Assert.Equal(["/etc/etcd/pki/member-key.pem"], repaired.Outputs["changedFiles"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("600", await lab.ShellAsync("stat -c '%a' /etc/etcd/pki/member-key.pem"));
        await WaitHealthyAsync();

        var members = await harness.InvokeAsync("etcd.listMembers@1", lab.ClientConnection());
        Assert.Equal("node1", Assert.Single(members.Outputs["members"]!.AsArray())!["name"]!.GetValue<string>());

        // The key never reaches the log.
        var keyLine = lab.Certificates.ServerKeyPem.Split('\n')[1];
        Assert.DoesNotContain(harness.Log.Texts, l => l.Contains(keyLine, StringComparison.Ordinal));
    }

    [LabFact]
    public async Task ConfigureMember_MembersWithoutSelf_RefusedBeforeTouchingTheHost()
    {
        lab.RequireUp();
        var input = lab.MemberInput();
        input["members"] = new JsonArray(new JsonObject { ["name"] = "other", ["address"] = "10.77.230.99" });

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => harness.InvokeAsync("etcd.configureMember@1", input));

        Assert.Contains("members must list this member (node1", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A started member answers over TLS once it has elected itself; the check is retried as a runbook's retry policy would.</summary>
    private async Task WaitHealthyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                var health = await harness.InvokeAsync("etcd.checkHealth@1", lab.ClientConnection());
                Assert.Equal(1, health.Outputs["healthyEndpoints"]!.GetValue<int>());
                return;
            }
            catch (ActivityException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }
}
