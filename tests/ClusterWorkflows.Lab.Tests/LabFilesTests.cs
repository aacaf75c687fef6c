using ClusterWorkflows.Inventory;
using ClusterWorkflows.Lab.Files;
using ClusterWorkflows.Lab.State;

namespace ClusterWorkflows.Lab.Tests;

public sealed class LabFilesTests
{
    private static readonly LabLayout Layout = LabLayout.Create("lab", LabLayout.DefaultSubnet, "/tmp/cw-lab-files");

    private static List<LabHost> Hosts(int n) =>
        Enumerable.Range(1, n).Select(i => new LabHost(LabLayout.HostName(i), i, Layout.HostIp(i), LabLayout.MacFor(Layout.HostIp(i)))).ToList();

    [Fact]
    public void Inventory_ThreeHosts_IsAValidInventoryWithRunbookGroups()
    {
        var yaml = LabFiles.Inventory(Layout, Hosts(3));

        var result = InventoryLoader.Parse(yaml, Layout.InventoryFile);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var inventory = result.Inventory!;
        Assert.Equal(3, inventory.Hosts.Count);
        Assert.Equal("10.77.0.12", inventory.Hosts["node2"].Address);
        Assert.Contains("managers", inventory.Hosts["node3"].Groups);
        Assert.Contains("advertiser", inventory.Hosts["node1"].Groups);
        Assert.Contains("etcd", inventory.Hosts["node2"].Groups);
        Assert.Contains("db", inventory.Hosts["node1"].Groups);
        Assert.Contains("front", inventory.Hosts["node3"].Groups);
    }

    [Fact]
    public void Groups_FiveHosts_ThreeManagersTwoWorkersEveryNodeTyped()
    {
        var groups = LabFiles.Groups(Hosts(5));

        Assert.Equal(["node1", "node2", "node3"], groups["managers"]);
        Assert.Equal(["node4", "node5"], groups["workers"]);
        Assert.Equal(["node1"], groups["advertiser"]);
        Assert.Equal(["node1", "node4"], groups["db"]);
        Assert.Equal(5, groups["db"].Count + groups["app"].Count + groups["front"].Count);
    }

    [Fact]
    public void Groups_OneHost_ItIsManagerAdvertiserAndEtcd()
    {
        var groups = LabFiles.Groups(Hosts(1));

        Assert.Equal(["node1"], groups["managers"]);
        Assert.Empty(groups["workers"]);
        Assert.Equal(["node1"], groups["etcd"]);
    }

    [Fact]
    public void SshConfig_EveryHost_PinsKeyKnownHostsAndBatchMode()
    {
        var config = LabFiles.SshConfig(Layout, Hosts(2));

        Assert.Contains("Host node2 10.77.0.12\n  HostName 10.77.0.12\n", config, StringComparison.Ordinal);
        Assert.Contains("IdentityFile /tmp/cw-lab-files/id_ed25519", config, StringComparison.Ordinal);
        Assert.Contains("UserKnownHostsFile /tmp/cw-lab-files/known_hosts", config, StringComparison.Ordinal);
        Assert.Contains("StrictHostKeyChecking yes", config, StringComparison.Ordinal);
        Assert.Contains("BatchMode yes", config, StringComparison.Ordinal);
    }

    [Fact]
    public void KnownHostsLine_PublicKeyWithComment_NameAndIpWithoutComment()
    {
        var line = LabFiles.KnownHostsLine(Hosts(1)[0], "ssh-ed25519 AAAAC3Nz root@node1\n");

        Assert.Equal("node1,10.77.0.11 ssh-ed25519 AAAAC3Nz", line);
    }

    [Fact]
    public void KnownHostsLine_Garbage_Throws()
    {
        Assert.Throws<LabException>(() => LabFiles.KnownHostsLine(Hosts(1)[0], "nonsense"));
    }

    [Fact]
    public void HostsFile_ListsEveryHostByIp()
    {
        Assert.Equal("10.77.0.11 node1\n10.77.0.12 node2\n", LabFiles.HostsFile(Hosts(2)));
    }

    [Fact]
    public void State_SaveThenLoad_RoundTrips()
    {
        var dir = Directory.CreateTempSubdirectory("cw-lab-state-");
        try
        {
            var path = Path.Combine(dir.FullName, "state.json");
            var state = new LabState("lab", "10.77.0.0/24", dir.FullName, "cwlab-host:abc", DateTimeOffset.UnixEpoch, Hosts(2), [new LabCut("node1", "node2")]);

            state.Save(path);
            var loaded = LabState.Load(path)!;

            Assert.Equal(state.Hosts, loaded.Hosts);
            Assert.Equal(state.Cuts, loaded.Cuts);
            Assert.Equal("10.77.0.12", loaded.Host("node2").Ip);
            Assert.Throws<ArgumentException>(() => loaded.Host("node9"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
