using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterWorkflows.Lab;

/// <summary>
/// Every name and path a lab uses, derived only from its name and subnet, so that <c>down</c> can find
/// everything again even when the state file is gone (after a crash).
/// </summary>
public sealed partial record LabLayout(string Name, string SubnetPrefix, string LabDir)
{
    public const int MaxHosts = 8;
    public const string DefaultSubnet = "10.77.0.0/24";

    public string SwitchNetns => $"cwlab-{Name}-sw";
    public string DockerNetns => $"cwlab-{Name}-d";
    public string Bridge => "br0";

    /// <summary>Runner-side veth in the root namespace; its peer sits on the switch bridge.</summary>
    public string RunnerLink => $"{Name}-r";
    public string RunnerPeer => $"{Name}-rs";
    public string RunnerIp => $"{SubnetPrefix}.1";

    public string StateRoot => $"/var/lib/clusterworkflows/lab/{Name}";
    public string DataRoot => Path.Combine(StateRoot, "docker");
    public string HostsRoot => Path.Combine(StateRoot, "hosts");
    public string DockerdLog => Path.Combine(StateRoot, "dockerd.log");

    /// <summary>Short on purpose: the daemon socket path must fit in a sockaddr_un.</summary>
    public string RunRoot => $"/run/cwlab/{Name}";
    public string ExecRoot => Path.Combine(RunRoot, "x");
    public string Socket => Path.Combine(RunRoot, "d.sock");
    public string PidFile => Path.Combine(RunRoot, "dockerd.pid");
    public string DockerHost => "unix://" + Socket;
    public string CgroupParent => $"cwlab-{Name}";

    public string ShareDir => Path.Combine(LabDir, "share");
    public string KeyFile => Path.Combine(LabDir, "id_ed25519");
    public string KnownHostsFile => Path.Combine(LabDir, "known_hosts");
    public string SshConfigFile => Path.Combine(LabDir, "ssh_config");
    public string InventoryFile => Path.Combine(LabDir, "inventory.yaml");
    public string StateFile => Path.Combine(LabDir, "state.json");

    public static string HostName(int index) => $"node{index}";

    public string HostIp(int index) => $"{SubnetPrefix}.{10 + index}";

    /// <summary>Locally administered MAC derived from the IP: a re-created host keeps its MAC, so peers' ARP caches stay right.</summary>
    public static string MacFor(string ip)
    {
        var b = ip.Split('.').Select(p => byte.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"02:00:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}:{b[3]:x2}");
    }

    public string SwitchPort(int index) => $"{Name}-h{index}";
    public string ContainerSide(int index) => $"{Name}-c{index}";
    public string HostDataDir(string host) => Path.Combine(HostsRoot, host, "docker");

    public static LabLayout Create(string name, string subnet, string? labDir)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"--name: '{name}' must be 1-8 lower-case letters or digits starting with a letter (it becomes part of interface names)");
        }

        var prefix = ParseSubnet(subnet);
        var dir = Path.GetFullPath(labDir ?? Path.Combine(".lab", name));
        return new LabLayout(name, prefix, dir);
    }

    /// <summary>Accepts an IPv4 /24 such as 10.77.0.0/24 and returns its first three octets.</summary>
    public static string ParseSubnet(string subnet)
    {
        var m = SubnetPattern().Match(subnet);
        if (!m.Success || m.Groups.Cast<Group>().Skip(1).Take(3).Any(g => int.Parse(g.Value, CultureInfo.InvariantCulture) > 255))
        {
            throw new ArgumentException($"--subnet: '{subnet}' must be an IPv4 /24 network such as {DefaultSubnet}");
        }

        return $"{m.Groups[1].Value}.{m.Groups[2].Value}.{m.Groups[3].Value}";
    }

    [GeneratedRegex("^[a-z][a-z0-9]{0,7}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.0/24$")]
    private static partial Regex SubnetPattern();
}
