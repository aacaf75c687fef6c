using ClusterWorkflows.Lab.Processes;
using ClusterWorkflows.Lab.State;

namespace ClusterWorkflows.Lab.Network;

/// <summary>
/// The lab's switch: a bridge inside its own network namespace (so no rule touches the root namespace),
/// the runner's veth on the lab subnet, and one veth per host with a fixed MAC.
/// </summary>
public sealed class LabNetwork(LabLayout layout)
{
    private const string Ip = "ip";

    public static async Task<bool> NetnsExistsAsync(string name, CancellationToken ct) =>
        (await ProcessRunner.RunAsync(Ip, ["netns", "list"], ct)).StdOut.Split('\n').Any(l => l.Split(' ')[0] == name);

    /// <summary>Fails when any address or route in the root namespace already uses the lab subnet.</summary>
    public async Task EnsureSubnetFreeAsync(CancellationToken ct)
    {
        var prefix = layout.SubnetPrefix + ".";
        var addrs = await ProcessRunner.CheckAsync(Ip, ["-o", "-4", "addr", "show"], ct);
        var routes = await ProcessRunner.CheckAsync(Ip, ["-4", "route", "show", "table", "all"], ct);
        var clash = addrs.Split('\n').Concat(routes.Split('\n')).FirstOrDefault(l => l.Contains(" " + prefix, StringComparison.Ordinal) || l.StartsWith(prefix, StringComparison.Ordinal));
        if (clash is not null)
        {
            throw new LabException($"subnet {layout.SubnetPrefix}.0/24 is already in use on this machine ({clash.Trim()}); choose another with --subnet");
        }
    }

    public async Task CreateSwitchAsync(CancellationToken ct)
    {
        await ProcessRunner.CheckAsync(Ip, ["netns", "add", layout.SwitchNetns], ct);
        await InSwitchAsync(["ip", "link", "set", "lo", "up"], ct);
        await InSwitchAsync(["ip", "link", "add", layout.Bridge, "type", "bridge"], ct);
        await InSwitchAsync(["ip", "link", "set", layout.Bridge, "up"], ct);

        // Lets iptables in the switch namespace see bridged frames: that is how `cut` drops traffic between hosts.
        await InSwitchAsync(["sh", "-c", "echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables"], ct);

        var runnerMac = LabLayout.MacFor(layout.RunnerIp);
        await ProcessRunner.CheckAsync(Ip, ["link", "add", layout.RunnerLink, "address", runnerMac, "type", "veth", "peer", "name", layout.RunnerPeer, "netns", layout.SwitchNetns], ct);
        await InSwitchAsync(["ip", "link", "set", layout.RunnerPeer, "master", layout.Bridge, "up"], ct);
        await ProcessRunner.CheckAsync(Ip, ["addr", "add", layout.RunnerIp + "/24", "dev", layout.RunnerLink], ct);
        await ProcessRunner.CheckAsync(Ip, ["link", "set", layout.RunnerLink, "up"], ct);
    }

    /// <summary>Plugs a host container (by its PID) into the switch as eth0 with its fixed MAC and IP.</summary>
    public async Task PlugAsync(LabHost host, int pid, CancellationToken ct)
    {
        var port = layout.SwitchPort(host.Index);
        var inner = layout.ContainerSide(host.Index);

        // A restarted container has a new namespace; the old pair died with the old one, but a half-done plug may remain.
        await InSwitchAsync(["ip", "link", "del", port], ct, check: false);
        await ProcessRunner.RunAsync(Ip, ["link", "del", inner], ct);

        await ProcessRunner.CheckAsync(Ip, ["link", "add", inner, "type", "veth", "peer", "name", port, "netns", layout.SwitchNetns], ct);
        await InSwitchAsync(["ip", "link", "set", port, "master", layout.Bridge, "up"], ct);
        await ProcessRunner.CheckAsync(Ip, ["link", "set", inner, "netns", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);
        var pidArg = "--net=/proc/" + pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/ns/net";
        await ProcessRunner.CheckAsync("nsenter", [pidArg, "ip", "link", "set", inner, "name", "eth0"], ct);
        await ProcessRunner.CheckAsync("nsenter", [pidArg, "ip", "link", "set", "eth0", "address", host.Mac], ct);
        await ProcessRunner.CheckAsync("nsenter", [pidArg, "ip", "addr", "add", host.Ip + "/24", "dev", "eth0"], ct);
        await ProcessRunner.CheckAsync("nsenter", [pidArg, "ip", "link", "set", "eth0", "up"], ct);

        // The host's old MAC-to-IP entry on the runner would be right anyway (fixed MAC), but flush to be sure.
        await ProcessRunner.RunAsync(Ip, ["neigh", "del", host.Ip, "dev", layout.RunnerLink], ct);
    }

    public async Task CutAsync(LabHost a, LabHost b, CancellationToken ct)
    {
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            var rule = new[] { "FORWARD", "-m", "physdev", "--physdev-in", layout.SwitchPort(from.Index), "--physdev-out", layout.SwitchPort(to.Index), "-j", "DROP" };
            var exists = await InSwitchAsync(["iptables", "-C", .. rule], ct, check: false);
            if (!exists.Ok)
            {
                await InSwitchAsync(["iptables", "-I", .. rule], ct);
            }
        }
    }

    public Task HealAsync(CancellationToken ct) => InSwitchAsync(["iptables", "-F", "FORWARD"], ct);

    private async Task<ProcessResult> InSwitchAsync(string[] command, CancellationToken ct, bool check = true)
    {
        string[] args = ["--net=/var/run/netns/" + layout.SwitchNetns, "--", .. command];
        if (check)
        {
            await ProcessRunner.CheckAsync("nsenter", args, ct);
            return new ProcessResult(0, "", "");
        }

        return await ProcessRunner.RunAsync("nsenter", args, ct);
    }
}
