using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Lab;

/// <summary>Checks that the lab can run here before anything is created, so failures are clear and leave nothing behind.</summary>
public static class Preflight
{
    /// <summary>The tools the lab drives, with the Debian package that provides each.</summary>
    public static readonly IReadOnlyList<(string Tool, string Package)> RequiredTools =
    [
        ("dockerd", "docker.io"), ("ip", "iproute2"), ("nsenter", "util-linux"), ("setsid", "util-linux"),
        ("iptables", "iptables"), ("ssh", "openssh-client"), ("ssh-keygen", "openssh-client"), ("tar", "tar"), ("busybox", "busybox-static"),
    ];

    public static bool IsRoot()
    {
        var uid = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uid is not null && uid.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) == "0";
    }

    /// <summary>Effective capabilities the lab needs but this process lacks (names as in capabilities(7)).</summary>
    public static IReadOnlyList<string> MissingCapabilities()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        if (line is null || !ulong.TryParse(line["CapEff:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var caps))
        {
            return [];
        }

        (int Bit, string Name)[] needed = [(12, "CAP_NET_ADMIN"), (21, "CAP_SYS_ADMIN"), (1, "CAP_DAC_OVERRIDE"), (5, "CAP_KILL")];
        return needed.Where(c => (caps & (1UL << c.Bit)) == 0).Select(c => c.Name).ToList();
    }

    /// <summary>Every reason the lab cannot run here; empty when it can.</summary>
    public static IReadOnlyList<string> Problems(bool needDebootstrap)
    {
        var problems = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            problems.Add("the lab needs Linux");
            return problems;
        }

        if (!IsRoot())
        {
            problems.Add("the lab must run as root (it creates network namespaces, veths and a private dockerd); run it with sudo");
        }
        else if (MissingCapabilities() is { Count: > 0 } missing)
        {
            problems.Add($"root lacks the capabilities {string.Join(", ", missing)} (a restricted container?); the lab needs them to build namespaces and mounts");
        }

        foreach (var (tool, package) in RequiredTools.Append(("debootstrap", "debootstrap")))
        {
            if ((tool != "debootstrap" || needDebootstrap) && Tools.Find(tool) is null)
            {
                problems.Add($"'{tool}' is not installed (Debian package {package}); run scripts/lab-setup.sh");
            }
        }

        if (!Directory.Exists("/sys/fs/cgroup"))
        {
            problems.Add("no cgroup file system at /sys/fs/cgroup");
        }

        return problems;
    }

    public static void Require(bool needDebootstrap)
    {
        var problems = Problems(needDebootstrap);
        if (problems.Count > 0)
        {
            throw new LabException("the lab cannot run here: " + string.Join("; ", problems));
        }
    }
}
