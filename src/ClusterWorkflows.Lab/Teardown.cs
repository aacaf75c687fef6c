using System.Globalization;
using ClusterWorkflows.Lab.Network;
using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Lab;

/// <summary>
/// Removes everything a lab may have created, found by its name alone: containers, the outer dockerd and its
/// children, namespaces, veths, mounts, cgroups and runtime directories. Safe to run twice and after a crash.
/// </summary>
public sealed class Teardown(LabLayout layout)
{
    public async Task RunAsync(Action<string> log, CancellationToken ct)
    {
        var dockerd = Tools.Find("dockerd");
        if (dockerd is not null && File.Exists(layout.Socket))
        {
            var docker = Tools.DockerClient(dockerd);
            var ids = await ProcessRunner.RunAsync(docker, ["-H", layout.DockerHost, "ps", "-aq"], ct, TimeSpan.FromSeconds(15));
            var list = ids.Ok ? ids.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
            if (list.Length > 0)
            {
                log($"removing {list.Length} host container(s)");
                await ProcessRunner.RunAsync(docker, ["-H", layout.DockerHost, "rm", "-f", .. list], ct, TimeSpan.FromSeconds(60));
            }
        }

        await StopDockerdAsync(ct);
        await KillLeftoversAsync(ct);

        foreach (var root in new[] { layout.RunRoot, layout.StateRoot })
        {
            foreach (var mount in Mounts.Under(root))
            {
                await ProcessRunner.RunAsync("umount", ["-l", mount], ct);
            }
        }

        foreach (var ns in new[] { layout.SwitchNetns, layout.DockerNetns })
        {
            if (await LabNetwork.NetnsExistsAsync(ns, ct))
            {
                await ProcessRunner.CheckAsync("ip", ["netns", "del", ns], ct);
            }
        }

        foreach (var link in LeftoverLinks())
        {
            await ProcessRunner.RunAsync("ip", ["link", "del", link], ct);
        }

        await RemoveCgroupsAsync(ct);
        foreach (var dir in new[] { layout.RunRoot, layout.StateRoot })
        {
            if (Directory.Exists(dir))
            {
                await ProcessRunner.CheckAsync("rm", ["-rf", "--one-file-system", dir], ct);
            }
        }
    }

    /// <summary>Links in the root namespace that belong to this lab (runner veth, half-plugged host veths).</summary>
    public IReadOnlyList<string> LeftoverLinks() =>
        Directory.Exists("/sys/class/net")
            ? Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).OfType<string>()
                .Where(n => n == layout.RunnerLink || n.StartsWith(layout.Name + "-", StringComparison.Ordinal)).ToList()
            : [];

    /// <summary>Processes that belong to the lab: in its namespaces, its cgroups, or running from its directories.</summary>
    public IReadOnlyList<int> LeftoverProcesses()
    {
        var nsInodes = new[] { layout.SwitchNetns, layout.DockerNetns }
            .Select(n => "/var/run/netns/" + n)
            .Where(File.Exists)
            .Select(p => NsId(p))
            .OfType<string>()
            .ToHashSet();
        var pids = new HashSet<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId || IsZombie(pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var netns = NsId(Path.Combine(dir, "ns/net"));
                var cgroup = File.ReadAllText(Path.Combine(dir, "cgroup"));
                if (cmdline.Contains(layout.RunRoot + "/", StringComparison.Ordinal) || cmdline.Contains(layout.StateRoot + "/", StringComparison.Ordinal)
                    || (netns is not null && nsInodes.Contains(netns))
                    || cgroup.Contains("/" + layout.CgroupParent + "/", StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return pids.Order().ToList();
    }

    /// <summary>cgroup directories named after the lab in every hierarchy (also below a parent cgroup, where older runs put them).</summary>
    public IReadOnlyList<string> LeftoverCgroups()
    {
        var found = new List<string>();
        if (!Directory.Exists("/sys/fs/cgroup"))
        {
            return found;
        }

        foreach (var hierarchy in Directory.GetDirectories("/sys/fs/cgroup"))
        {
            Collect(hierarchy, 0);
        }

        return found;

        void Collect(string dir, int depth)
        {
            string[] children;
            try
            {
                children = Directory.GetDirectories(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return;
            }

            foreach (var child in children)
            {
                if (Path.GetFileName(child) == layout.CgroupParent)
                {
                    found.Add(child);
                }
                else if (depth < 2)
                {
                    Collect(child, depth + 1);
                }
            }
        }
    }

    private async Task StopDockerdAsync(CancellationToken ct)
    {
        if (!File.Exists(layout.PidFile) || !int.TryParse(File.ReadAllText(layout.PidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        await ProcessRunner.RunAsync("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)], ct);
        await WaitGoneAsync([pid], TimeSpan.FromSeconds(20), ct);
    }

    private async Task KillLeftoversAsync(CancellationToken ct)
    {
        for (var round = 0; round < 5; round++)
        {
            var pids = LeftoverProcesses();
            if (pids.Count == 0)
            {
                return;
            }

            await ProcessRunner.RunAsync("kill", ["-KILL", .. pids.Select(p => p.ToString(CultureInfo.InvariantCulture))], ct);
            await WaitGoneAsync(pids, TimeSpan.FromSeconds(5), ct);
        }
    }

    private static async Task WaitGoneAsync(IReadOnlyList<int> pids, TimeSpan limit, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + limit;
        while (pids.Any(p => File.Exists($"/proc/{p}/stat") && !IsZombie(p)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task RemoveCgroupsAsync(CancellationToken ct)
    {
        foreach (var top in LeftoverCgroups())
        {
            // rmdir depth-first: a cgroup can only be removed once its children are gone.
            var dirs = Directory.GetDirectories(top, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(top);
            foreach (var dir in dirs)
            {
                for (var attempt = 0; attempt < 20 && Directory.Exists(dir); attempt++)
                {
                    try
                    {
                        Directory.Delete(dir);
                    }
                    catch (IOException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
                    }
                }
            }
        }
    }

    private static string? NsId(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget ?? (File.Exists(path) ? ReadNsOfBindMount(path) : null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // A netns bind mount is not a symlink; its identity is the inode number of the nsfs file.
    private static string? ReadNsOfBindMount(string path)
    {
        var result = ProcessRunner.RunAsync("stat", ["-L", "-c", "net:[%i]", path], CancellationToken.None).GetAwaiter().GetResult();
        return result.Ok ? result.StdOut.Trim() : null;
    }
}
