using System.Text.Json.Nodes;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Activities.Docker.Tests.Lab;

/// <summary>
/// The SSH tunnel to the Engine API under a steady stream of requests, on the real lab host. Each
/// request is one dial-stdio channel on the pooled SSH connection; the connection must survive them
/// all. It did not when the relay sent stdin EOF while dial-stdio was exiting on its own: OpenSSH
/// dropped the connection for "ieof packet referred to nonexistent channel", 2 to 5 times per 600
/// requests, and a request relayed on it at that moment failed.
/// </summary>
[Collection(ConformanceLabCollection.Name)]
public sealed class TunnelTests(ConformanceLab lab)
{
    private const int Rounds = 300;

    [Fact]
    public async Task Relay_ManyRequestsOnOneConnection_EveryRequestAnsweredAndConnectionKept()
    {
        lab.RequireUp();
        await using var harness = new ActivityHarness(services =>
        {
            services.AddDockerActivities();
            services.AddSingleton<ISecretVault>(new InMemorySecretVault());
        });
        var failures = new List<string>();
        for (var i = 0; i < Rounds; i++)
        {
            try
            {
                await harness.InvokeAsync("docker.listNodes@1", new JsonObject { ["connection"] = lab.SshConnection(1) });
                await harness.InvokeAsync("docker.inspectService@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["name"] = "absent", ["allowMissing"] = true });
            }
            catch (ActivityException ex)
            {
                failures.Add($"round {i}: {ex.Message}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(1, harness.Services.GetRequiredService<SshConnectionPool>().ConnectionsOpened);
    }
}
