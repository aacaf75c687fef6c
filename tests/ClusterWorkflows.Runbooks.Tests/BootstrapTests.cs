using Xunit.Abstractions;

namespace ClusterWorkflows.Runbooks.Tests;

/// <summary>workflows/bootstrap-cluster.yaml on bare lab hosts, then again on the built cluster.</summary>
[TestCaseOrderer(StepOrderer.TypeName, StepOrderer.AssemblyName)]
public sealed class BootstrapTests(ThreeHostLab lab, ITestOutputHelper output) : IClassFixture<ThreeHostLab>, IDisposable
{
    private readonly BootstrapSession session = new(lab);

    public static IReadOnlyDictionary<string, (string Role, string Type)> ThreeManagers { get; } = new Dictionary<string, (string, string)>
    {
        ["node1"] = ("manager", "db"),
        ["node2"] = ("manager", "app"),
        ["node3"] = ("manager", "front"),
    };

    [LabFact]
    [Step(1)]
    public async Task Bootstrap_BareHosts_BuildsHardenedSwarmAndRerunChangesNothing()
    {
        lab.RequireUp();
        var (first, firstTime) = await session.RunAsync();
        Assert.True(first.ExitCode == 0, first.All);
        var ips = lab.State.Hosts.ToDictionary(h => h.Name, h => h.Ip);

        await ClusterChecks.SwarmMatchesAsync(session, "node1", ThreeManagers);
        await ClusterChecks.EtcdHealthyOverTlsAsync(session, "node2", [ips["node1"], ips["node2"], ips["node3"]]);
        await ClusterChecks.CertificateHasNamesAndUsagesAsync(session, "node2", ips["node2"]);
        foreach (var (host, ip) in ips)
        {
            await ClusterChecks.DockerHardenedAsync(session, host, ip, tlsSocket: true);
        }

        await ClusterChecks.NetworksEncryptedAsync(session, "node1");

        var (second, secondTime) = await session.RunAsync();
        Assert.True(second.ExitCode == 0, second.All);
        var show = await session.ShowAsync(await session.NewestRunIdAsync());
        Assert.Equal("completed", show["status"]!.GetValue<string>());
        Assert.Empty(BootstrapSession.ChangedSteps(show));
        // The "re-run under a fifth of the first run" figure is shown by `scripts/bench.sh --bootstrap`
        // (docs/BENCHMARKS.md), not asserted here: a timed assertion flakes on a busy 2-core CI box.
        output.WriteLine($"first run {firstTime.TotalSeconds:F1} s, re-run {secondTime.TotalSeconds:F1} s");
    }

    [LabFact]
    [Step(2)]
    public async Task Bootstrap_HostKeyChanged_FaultsWithMismatchAndExecutesNothingThere()
    {
        lab.RequireUp();
        const string dropIn = "/etc/ssh/sshd_config.d/50-clusterworkflows.conf";
        var existed = (await session.SshAsync("node2", $"test -e {dropIn} && cat {dropIn}")).StdOut;
        await session.SshOkAsync("node2", $"rm -f {dropIn}");

        // A copy of the lab's inventory whose known_hosts pins another key for node2.
        var inventory = session.Home.Write("inventory.yaml", File.ReadAllText(lab.Inventory).Replace("knownHosts: known_hosts", "knownHosts: known_hosts.changed", StringComparison.Ordinal));
        var ip2 = lab.State.Hosts.Single(h => h.Name == "node2").Ip;
        var impostor = Convert.ToBase64String(RandomEd25519Blob());
        var pinned = File.ReadAllLines(Path.Combine(lab.Directory, "known_hosts"))
            .Select(line => line.StartsWith("node2,", StringComparison.Ordinal) ? $"node2,{ip2} ssh-ed25519 {impostor}" : line);
        File.WriteAllLines(session.Home.File("known_hosts.changed"), pinned);

        var (result, _) = await session.RunAsync(inventory);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("HOST KEY MISMATCH", result.All, StringComparison.Ordinal);
        Assert.Contains(ip2, result.All, StringComparison.Ordinal);
        var show = await session.ShowAsync(await session.NewestRunIdAsync());
        Assert.Equal("faulted", show["status"]!.GetValue<string>());
        Assert.False((await session.SshAsync("node2", $"test -e {dropIn}")).Ok, "a step wrote the sshd drop-in on the host whose key did not match");

        if (existed.Length > 0)
        {
            await session.SshOkAsync("node2", $"printf '%s' '{existed}' > {dropIn}");
        }
    }

    public void Dispose() => session.Dispose();

    /// <summary>The wire form of an ed25519 public key nobody holds the private half of.</summary>
    private static byte[] RandomEd25519Blob()
    {
        var name = "ssh-ed25519"u8.ToArray();
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using var blob = new MemoryStream();
        void Chunk(byte[] bytes)
        {
            blob.Write([(byte)(bytes.Length >> 24), (byte)(bytes.Length >> 16), (byte)(bytes.Length >> 8), (byte)bytes.Length]);
            blob.Write(bytes);
        }

        Chunk(name);
        Chunk(key);
        return blob.ToArray();
    }
}
