namespace ClusterWorkflows.Runbooks.Tests;

/// <summary>
/// The bootstrap survives its engine being killed (SIGKILL) in the etcd step and in the swarm joins,
/// and a host lost in the middle of the joins: the run faults naming the host, and after the host is
/// back, <c>cw retry</c> completes it with the same end state as an undisturbed run.
/// </summary>
public sealed class RecoveryTests(RecoveryLab lab) : IClassFixture<RecoveryLab>, IDisposable
{
    private readonly BootstrapSession session = new(lab);

    [LabFact]
    public async Task Bootstrap_EngineKilledTwiceAndHostLost_ResumeAndRetryComplete()
    {
        lab.RequireUp();
        var ips = lab.State.Hosts.ToDictionary(h => h.Name, h => h.Ip);

        await using (var run = session.Start())
        {
            await BootstrapSession.WaitForStepAsync(run, "etcd/members/configure_member", TimeSpan.FromMinutes(3));
            await KillAsync(run);
        }

        var runId = await session.NewestRunIdAsync();
        Assert.Equal("running", (await session.ShowAsync(runId))["status"]!.GetValue<string>());
        await using (var resume = new BackgroundCw(session.Home, "resume"))
        {
            await BootstrapSession.WaitForStepAsync(resume, "swarm/join_managers/join_manager", TimeSpan.FromMinutes(3));
            await KillAsync(resume);
        }

        // node3 goes down before its turn to join: the run must fault on it, naming it.
        Assert.Equal(0, (await session.Home.RunAsync(LabArgs("kill", "node3"))).ExitCode);
        var faulted = await session.Home.RunAsync(["resume"], null, TimeSpan.FromMinutes(4));
        var show = await session.ShowAsync(runId);
        Assert.True(show["status"]!.GetValue<string>() == "faulted", $"expected a fault; {show["status"]}: {faulted.All}");
        var failed = BootstrapSession.Latest(show).Where(r => r["status"]!.GetValue<string>() == "faulted").ToList();
        Assert.NotEmpty(failed);
        var cause = string.Join("\n", failed.Select(r => r["error"]?["message"]?.GetValue<string>()));
        Assert.Contains(ips["node3"], cause, StringComparison.Ordinal);
        var incident = await session.Home.RunAsync("show", runId);
        Assert.Contains(ips["node3"], incident.All, StringComparison.Ordinal);

        Assert.Equal(0, (await session.Home.RunAsync(LabArgs("start", "node3"))).ExitCode);
        var retried = await session.Home.RunAsync(["retry", runId], null, TimeSpan.FromMinutes(5));
        Assert.True(retried.ExitCode == 0, retried.All);
        Assert.Equal("completed", (await session.ShowAsync(runId))["status"]!.GetValue<string>());

        await ClusterChecks.SwarmMatchesAsync(session, "node1", BootstrapTests.ThreeManagers);
        await ClusterChecks.EtcdHealthyOverTlsAsync(session, "node1", [ips["node1"], ips["node2"], ips["node3"]]);
        await ClusterChecks.NetworksEncryptedAsync(session, "node1");
        foreach (var (host, ip) in ips)
        {
            await ClusterChecks.DockerHardenedAsync(session, host, ip, tlsSocket: true);
        }
    }

    public void Dispose() => session.Dispose();

    private string[] LabArgs(string verb, string host) => ["lab", verb, host, "--name", lab.Layout.Name, "--dir", lab.Directory];

    private static async Task KillAsync(BackgroundCw engine)
    {
        engine.Signal("KILL");
        await Waits.UntilAsync(() => engine.HasExited, TimeSpan.FromSeconds(30), "the killed engine to exit");
    }
}
