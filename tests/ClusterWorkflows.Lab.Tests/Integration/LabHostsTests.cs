namespace ClusterWorkflows.Lab.Tests.Integration;

[Collection(LabCollection.Name)]
public sealed class LabHostsTests(LabFixture lab) : IClassFixture<LabFixture>
{
    [LabFact]
    public async Task Ssh_EachHost_RunsOnThatHostWithItsOwnDockerd()
    {
        lab.RequireUp();
        foreach (var host in lab.State.Hosts)
        {
            var result = await Ssh.RunAsync(lab.Layout, host.Name, "hostname; docker info --format '{{.Name}}'; ip -4 -o addr show eth0; systemctl is-system-running --wait");

            Assert.True(result.Ok, $"{host.Name}: {result.StdErr}");
            var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(host.Name, lines[0]);
            Assert.Equal(host.Name, lines[1]);
            Assert.Contains(host.Ip + "/24", lines[2], StringComparison.Ordinal);
            Assert.Equal("running", lines[3]);
        }
    }

    [LabFact]
    public async Task Busybox_LoadedIntoEveryHost_RunsAContainerThere()
    {
        lab.RequireUp();
        foreach (var host in lab.State.Hosts)
        {
            var result = await Ssh.RunAsync(lab.Layout, host.Name, "docker run --rm --network none busybox:latest echo hello-from-$(hostname)");

            Assert.True(result.Ok, $"{host.Name}: {result.StdErr}");
            Assert.Equal($"hello-from-{host.Name}", result.StdOut.Trim());
        }
    }

    [LabFact]
    public async Task Hosts_NoRouteOutAndNoNameserver()
    {
        lab.RequireUp();

        var result = await Ssh.RunAsync(lab.Layout, "node1", "ip route show default | wc -l; grep -c nameserver /etc/resolv.conf || true");

        Assert.True(result.Ok, result.StdErr);
        Assert.Equal(["0", "0"], result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [LabFact]
    public async Task Status_UpLab_ReportsEveryHostRunningWithSshOpen()
    {
        lab.RequireUp();

        var status = await lab.Engine.StatusAsync(CancellationToken.None);

        Assert.True(status.Up);
        Assert.Equal(["node1", "node2", "node3"], status.Hosts.Select(h => h.Name));
        Assert.All(status.Hosts, h => Assert.Equal("running", h.State));
        Assert.All(status.Hosts, h => Assert.True(h.SshPortOpen, h.Name));
        Assert.Contains("\"sshPortOpen\": true", status.ToJson(), StringComparison.Ordinal);
    }

    [LabFact]
    public async Task KillThenStart_Host_UnreachableThenBackOnSameIpWithSsh()
    {
        lab.RequireUp();
        var before = lab.State.Host("node2");
        try
        {
            await lab.Engine.KillAsync("node2", CancellationToken.None);

            Assert.False((await Ssh.RunAsync(lab.Layout, "node2", "true")).Ok);
            Assert.False(await Ssh.CanReachAsync(lab.Layout, "node1", before.Ip));
            Assert.Equal("exited", (await lab.Engine.StatusAsync(CancellationToken.None)).Hosts.Single(h => h.Name == "node2").State);
        }
        finally
        {
            await lab.Engine.StartAsync("node2", CancellationToken.None);
        }

        var result = await Ssh.RunAsync(lab.Layout, "node2", "hostname; ip -4 -o addr show eth0; cat /sys/class/net/eth0/address");
        Assert.True(result.Ok, result.StdErr);
        Assert.Contains("node2", result.StdOut, StringComparison.Ordinal);
        Assert.Contains(before.Ip + "/24", result.StdOut, StringComparison.Ordinal);
        Assert.Contains(before.Mac, result.StdOut, StringComparison.Ordinal);
        Assert.True(await Ssh.CanReachAsync(lab.Layout, "node1", before.Ip));
    }

    [LabFact]
    public async Task CutThenHeal_TwoHosts_IsolatedThenRestoredOthersUnaffected()
    {
        lab.RequireUp();
        var (n1, n2, n3) = (lab.State.Host("node1"), lab.State.Host("node2"), lab.State.Host("node3"));
        try
        {
            await lab.Engine.CutAsync("node1", "node3", CancellationToken.None);

            Assert.False(await Ssh.CanReachAsync(lab.Layout, "node1", n3.Ip));
            Assert.False(await Ssh.CanReachAsync(lab.Layout, "node3", n1.Ip));
            Assert.True(await Ssh.CanReachAsync(lab.Layout, "node1", n2.Ip));
            Assert.True(await Ssh.CanReachAsync(lab.Layout, "node3", n2.Ip));
            Assert.Single((await lab.Engine.StatusAsync(CancellationToken.None)).Cuts);
        }
        finally
        {
            await lab.Engine.HealAsync(CancellationToken.None);
        }

        Assert.True(await Ssh.CanReachAsync(lab.Layout, "node1", n3.Ip));
        Assert.Empty((await lab.Engine.StatusAsync(CancellationToken.None)).Cuts);
    }

    [LabFact]
    public async Task PauseThenUnpause_Host_ReportedPausedThenSshWorks()
    {
        lab.RequireUp();
        try
        {
            await lab.Engine.PauseAsync("node3", CancellationToken.None);

            Assert.Equal("paused", (await lab.Engine.StatusAsync(CancellationToken.None)).Hosts.Single(h => h.Name == "node3").State);
        }
        finally
        {
            await lab.Engine.UnpauseAsync("node3", CancellationToken.None);
        }

        Assert.True((await Ssh.RunAsync(lab.Layout, "node3", "true")).Ok);
    }

    [LabFact]
    public async Task Inventory_WrittenByUp_LoadsWithKnownHosts()
    {
        lab.RequireUp();

        var result = ClusterWorkflows.Inventory.InventoryLoader.LoadFile(lab.Layout.InventoryFile);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(3, result.Inventory!.Hosts.Count);
        var knownHosts = await File.ReadAllLinesAsync(lab.Layout.KnownHostsFile);
        Assert.Equal(3, knownHosts.Length);
    }
}
