using System.Diagnostics;
using System.Net.Sockets;
using ClusterWorkflows.Lab.Files;
using ClusterWorkflows.Lab.Hosts;
using ClusterWorkflows.Lab.Images;
using ClusterWorkflows.Lab.Network;
using ClusterWorkflows.Lab.Processes;
using ClusterWorkflows.Lab.State;

namespace ClusterWorkflows.Lab;

/// <summary>Builds, drives and removes one lab: N Debian hosts with real systemd, sshd and dockerd on a private subnet.</summary>
public sealed class LabEngine(LabLayout layout, Action<string>? log = null)
{
    private static readonly TimeSpan HostReadyLimit = TimeSpan.FromSeconds(90);
    private readonly Action<string> _log = log ?? (_ => { });

    public LabLayout Layout => layout;

    public LabState? LoadState() => LabState.Load(layout.StateFile);

    /// <summary>Creates the lab. On any failure everything created so far is removed before the error is rethrown.</summary>
    public async Task<LabState> UpAsync(LabOptions options, CancellationToken ct)
    {
        if (options.Hosts is < 1 or > LabLayout.MaxHosts)
        {
            throw new ArgumentException($"--hosts must be between 1 and {LabLayout.MaxHosts}, got {options.Hosts}");
        }

        var mirror = options.Mirror ?? DebootstrapImage.ConfiguredMirror();
        var image = DebootstrapImage.ForHosts(options.CacheDir, mirror);
        var workloads = (options.Images ?? LabImages.Defaults).Distinct(StringComparer.Ordinal)
            .Select(n => LabImages.Get(n, options.CacheDir, mirror)).ToList();
        Preflight.Require(needDebootstrap: !image.Cached);
        if (await LabNetwork.NetnsExistsAsync(layout.SwitchNetns, ct) || File.Exists(layout.StateFile))
        {
            throw new LabException($"lab '{layout.Name}' is already up (or was not torn down): run 'cw lab down --name {layout.Name}' first");
        }

        var network = new LabNetwork(layout);
        await network.EnsureSubnetFreeAsync(ct);

        var clock = Stopwatch.StartNew();
        var tar = await image.EnsureAsync(_log, ct);
        foreach (var workload in workloads)
        {
            await workload.EnsureAsync(_log, ct);
        }

        try
        {
            return await CreateAsync(options, image, tar, workloads, network, clock, ct);
        }
        catch
        {
            _log("up failed: removing what was created");
            await new Teardown(layout).RunAsync(_log, CancellationToken.None);
            DeleteLabFiles();
            throw;
        }
    }

    private async Task<LabState> CreateAsync(LabOptions options, DebootstrapImage image, string tar, IReadOnlyList<ILabImage> workloads, LabNetwork network, Stopwatch clock, CancellationToken ct)
    {
        var hosts = Enumerable.Range(1, options.Hosts)
            .Select(i => new LabHost(LabLayout.HostName(i), i, layout.HostIp(i), LabLayout.MacFor(layout.HostIp(i))))
            .ToList();
        await WriteShareAsync(hosts, ct);

        _log($"creating the switch on {layout.SubnetPrefix}.0/24 (this machine is {layout.RunnerIp})");
        await network.CreateSwitchAsync(ct);

        var docker = new OuterDocker(layout, Tools.Require("dockerd", "docker.io"));
        _log("starting the lab's private dockerd");
        Directory.CreateDirectory(layout.RunRoot);
        await docker.StartAsync(ct);
        _log("importing the host image");
        await docker.RunAsync(["import", tar, image.Reference], ct, TimeSpan.FromMinutes(5));

        _log($"starting {hosts.Count} host(s)");
        foreach (var host in hosts)
        {
            Directory.CreateDirectory(layout.HostDataDir(host.Name));
            await docker.RunAsync(HostContainer.RunArgs(layout, host, image.Reference, options.CacheDir), ct);
            await network.PlugAsync(host, await docker.PidAsync(host.Name, ct), ct);
        }

        var state = new LabState(layout.Name, layout.SubnetPrefix + ".0/24", layout.LabDir, image.Reference, DateTimeOffset.UtcNow, hosts, [], workloads.Select(w => w.Reference).ToList());
        await File.WriteAllTextAsync(layout.SshConfigFile, LabFiles.SshConfig(layout, hosts), ct);
        await File.WriteAllTextAsync(layout.InventoryFile, LabFiles.Inventory(layout, hosts), ct);
        await File.WriteAllTextAsync(layout.KnownHostsFile, "", ct);
        await Task.WhenAll(hosts.Select(h => WaitReadyAsync(docker, h, ct)));
        if (workloads.Count > 0)
        {
            _log($"loading {string.Join(", ", workloads.Select(w => w.Reference))} into every host");
            await Task.WhenAll(hosts.Select(h => LoadImagesAsync(docker, h, workloads, ct)));
        }

        state.Save(layout.StateFile);
        _log($"{hosts.Count} host(s) ready in {clock.Elapsed.TotalSeconds:0.0} s");
        return state;
    }

    public async Task DownAsync(CancellationToken ct)
    {
        if (!Preflight.IsRoot())
        {
            throw new LabException("the lab must run as root; run it with sudo");
        }

        await new Teardown(layout).RunAsync(_log, ct);
        DeleteLabFiles();
    }

    public async Task<LabStatus> StatusAsync(CancellationToken ct)
    {
        var state = LoadState();
        if (state is null)
        {
            return new LabStatus(layout.Name, layout.SubnetPrefix + ".0/24", layout.LabDir, false, [], []);
        }

        var docker = Docker();
        var hosts = new List<HostStatus>();
        foreach (var h in state.Hosts)
        {
            var inspect = await docker.TryAsync(["inspect", "-f", "{{.State.Status}}", h.Name], ct, TimeSpan.FromSeconds(10));
            var status = inspect.Ok ? inspect.StdOut.Trim() : "missing";
            hosts.Add(new HostStatus(h.Name, h.Ip, h.Mac, status, status == "running" && await PortOpenAsync(h.Ip, 22, ct)));
        }

        return new LabStatus(state.Name, state.Subnet, state.LabDir, true, hosts, state.Cuts);
    }

    public Task KillAsync(string host, CancellationToken ct) => HostCommandAsync("kill", host, ct);

    public Task PauseAsync(string host, CancellationToken ct) => HostCommandAsync("pause", host, ct);

    public Task UnpauseAsync(string host, CancellationToken ct) => HostCommandAsync("unpause", host, ct);

    /// <summary>Starts a stopped host again: same IP and MAC, new SSH host keys recorded in known_hosts.</summary>
    public async Task StartAsync(string host, CancellationToken ct)
    {
        var state = RequireState();
        var h = state.Host(host);
        var docker = Docker();
        await docker.RunAsync(["start", h.Name], ct);
        await new LabNetwork(layout).PlugAsync(h, await docker.PidAsync(h.Name, ct), ct);
        await WaitReadyAsync(docker, h, ct);
    }

    public async Task CutAsync(string a, string b, CancellationToken ct)
    {
        var state = RequireState();
        var (ha, hb) = (state.Host(a), state.Host(b));
        if (ha == hb)
        {
            throw new ArgumentException("cut needs two different hosts");
        }

        await new LabNetwork(layout).CutAsync(ha, hb, ct);
        if (!state.Cuts.Any(c => (c.A == a && c.B == b) || (c.A == b && c.B == a)))
        {
            (state with { Cuts = [.. state.Cuts, new LabCut(a, b)] }).Save(layout.StateFile);
        }
    }

    public async Task HealAsync(CancellationToken ct)
    {
        var state = RequireState();
        await new LabNetwork(layout).HealAsync(ct);
        (state with { Cuts = [] }).Save(layout.StateFile);
    }

    private async Task HostCommandAsync(string verb, string host, CancellationToken ct)
    {
        var h = RequireState().Host(host);
        await Docker().RunAsync([verb, h.Name], ct);
    }

    private LabState RequireState() =>
        LoadState() ?? throw new LabException($"lab '{layout.Name}' is not up (no {layout.StateFile}); run 'cw lab up' first");

    private OuterDocker Docker() => new(layout, Tools.Require("dockerd", "docker.io"));

    private async Task WriteShareAsync(IReadOnlyList<LabHost> hosts, CancellationToken ct)
    {
        Directory.CreateDirectory(layout.ShareDir);
        File.Delete(layout.KeyFile);
        File.Delete(layout.KeyFile + ".pub");
        await ProcessRunner.CheckAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "cw-lab-" + layout.Name, "-f", layout.KeyFile], ct);
        File.Copy(layout.KeyFile + ".pub", Path.Combine(layout.ShareDir, "authorized_keys"), overwrite: true);
        await File.WriteAllTextAsync(Path.Combine(layout.ShareDir, "init.sh"), HostInit.Script.ReplaceLineEndings("\n") + "\n", ct);
        await File.WriteAllTextAsync(Path.Combine(layout.ShareDir, "hosts"), LabFiles.HostsFile(hosts), ct);
    }

    /// <summary>Waits for the entrypoint's SSH host key, records it in known_hosts, then waits until SSH logs in.</summary>
    private async Task WaitReadyAsync(OuterDocker docker, LabHost host, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + HostReadyLimit;
        string key;
        while (true)
        {
            var read = await docker.TryAsync(["exec", host.Name, "cat", "/etc/ssh/ssh_host_ed25519_key.pub"], ct, TimeSpan.FromSeconds(10));
            if (read.Ok && read.StdOut.StartsWith("ssh-ed25519", StringComparison.Ordinal))
            {
                key = read.StdOut;
                break;
            }

            await PauseUntilAsync(deadline, $"host {host.Name} did not create its SSH host key", read.StdErr, ct);
        }

        await RecordHostKeyAsync(host, key, ct);
        while (true)
        {
            var ssh = await ProcessRunner.RunAsync("ssh", ["-F", layout.SshConfigFile, "-o", "ConnectTimeout=2", host.Name, "true"], ct, TimeSpan.FromSeconds(10));
            if (ssh.Ok)
            {
                return;
            }

            await PauseUntilAsync(deadline, $"host {host.Name} ({host.Ip}) did not accept SSH", ssh.StdErr, ct);
        }
    }

    /// <summary>Waits for the host's own dockerd, then imports each workload image from the read-only cache mount.</summary>
    private static async Task LoadImagesAsync(OuterDocker docker, LabHost host, IReadOnlyList<ILabImage> images, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + HostReadyLimit;
        while (true)
        {
            var info = await docker.TryAsync(["exec", host.Name, "docker", "info", "--format", "{{.ServerVersion}}"], ct, TimeSpan.FromSeconds(15));
            if (info.Ok)
            {
                break;
            }

            await PauseUntilAsync(deadline, $"the dockerd of host {host.Name} did not start", info.StdErr, ct);
        }

        foreach (var image in images)
        {
            string[] args = ["exec", host.Name, "docker", "import"];
            if (image.Command is { } command)
            {
                args = [.. args, "-c", $"CMD [\"{command}\"]"];
            }

            await docker.RunAsync([.. args, HostContainer.ImageCacheMount + "/" + Path.GetFileName(image.TarPath), image.Reference], ct, TimeSpan.FromMinutes(5));
        }
    }

    private static readonly SemaphoreSlim KnownHostsLock = new(1, 1);

    private async Task RecordHostKeyAsync(LabHost host, string key, CancellationToken ct)
    {
        await KnownHostsLock.WaitAsync(ct);
        try
        {
            var lines = File.Exists(layout.KnownHostsFile) ? await File.ReadAllLinesAsync(layout.KnownHostsFile, ct) : [];
            var kept = lines.Where(l => !l.StartsWith(host.Name + ",", StringComparison.Ordinal) && l.Length > 0);
            await File.WriteAllLinesAsync(layout.KnownHostsFile, kept.Append(LabFiles.KnownHostsLine(host, key)), ct);
        }
        finally
        {
            KnownHostsLock.Release();
        }
    }

    private static async Task PauseUntilAsync(DateTime deadline, string what, string detail, CancellationToken ct)
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new LabException($"{what} within {HostReadyLimit.TotalSeconds:0} s: {ProcessRunner.Tail(detail, 400)}");
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
    }

    private static async Task<bool> PortOpenAsync(string ip, int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(ip, port, limit.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private void DeleteLabFiles()
    {
        if (!Directory.Exists(layout.LabDir))
        {
            return;
        }

        foreach (var f in new[] { layout.StateFile, layout.InventoryFile, layout.SshConfigFile, layout.KnownHostsFile, layout.KeyFile, layout.KeyFile + ".pub" })
        {
            File.Delete(f);
        }

        if (Directory.Exists(layout.ShareDir))
        {
            Directory.Delete(layout.ShareDir, recursive: true);
        }

        if (Directory.Exists(layout.LabDir) && !Directory.EnumerateFileSystemEntries(layout.LabDir).Any())
        {
            Directory.Delete(layout.LabDir);
        }
    }
}
