using System.Text.RegularExpressions;

namespace ClusterWorkflows.Runbooks.Tests;

/// <summary>5 hosts: 3 managers joined one at a time, 2 workers joined together, 5 etcd members.</summary>
public sealed partial class FiveHostTests(FiveHostLab lab) : IClassFixture<FiveHostLab>, IDisposable
{
    private readonly BootstrapSession session = new(lab);

    [LabFact]
    public async Task Bootstrap_FiveHostsFiveEtcdMembers_BuildsClusterMatchingInventory()
    {
        lab.RequireUp();
        // The lab puts etcd on the managers; this cluster runs etcd on every host.
        var inventory = session.Home.Write("inventory.yaml", WorkerGroups().Replace(File.ReadAllText(lab.Inventory), "groups: [workers, etcd, "));
        File.Copy(Path.Combine(lab.Directory, "known_hosts"), session.Home.File("known_hosts"));

        var (result, elapsed) = await session.RunAsync(inventory, "--input", "etcdMembers=5");

        Assert.True(result.ExitCode == 0, result.All);
        var ips = lab.State.Hosts.ToDictionary(h => h.Name, h => h.Ip);
        var types = new[] { "db", "app", "front", "db", "app" };
        var expected = lab.State.Hosts.ToDictionary(h => h.Name, h =>
        {
            var n = int.Parse(h.Name["node".Length..], System.Globalization.CultureInfo.InvariantCulture);
            return (n <= 3 ? "manager" : "worker", types[n - 1]);
        });
        await ClusterChecks.SwarmMatchesAsync(session, "node1", expected);
        await ClusterChecks.EtcdHealthyOverTlsAsync(session, "node4", ips.Values.ToList());
        await ClusterChecks.DockerHardenedAsync(session, "node5", ips["node5"], tlsSocket: false);
        await ClusterChecks.NetworksEncryptedAsync(session, "node2");
        Assert.True(elapsed > TimeSpan.Zero);
    }

    public void Dispose() => session.Dispose();

    [GeneratedRegex(@"groups: \[workers, ")]
    private static partial Regex WorkerGroups();
}
