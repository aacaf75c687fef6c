using System.Security.Cryptography;
using System.Text;
using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Lab.Images;

/// <summary>
/// A Debian 12 root file system built offline with debootstrap from the configured mirror and cached
/// machine-wide as a tar keyed by mirror and package list, so a machine pays debootstrap once per list.
/// The lab's host image is one; workload images (see <see cref="LabImages"/>) are others.
/// </summary>
public sealed class DebootstrapImage(string cacheDir, string mirror, string repository, IReadOnlyList<string> packages, string? tag = null) : ILabImage
{
    public const string Suite = "bookworm";
    public const string DefaultCacheDir = "/var/cache/clusterworkflows/lab";

    /// <summary>What every lab host runs.</summary>
    public static readonly IReadOnlyList<string> Packages =
    [
        "systemd", "systemd-sysv", "dbus", "openssh-server", "docker.io", "etcd-server", "etcd-client",
        "iproute2", "iptables", "procps", "ca-certificates", "openssl",
    ];

    /// <summary>The image of the lab's hosts.</summary>
    public static DebootstrapImage ForHosts(string cacheDir, string mirror) => new(cacheDir, mirror, "cwlab-host", Packages);

    public string Key { get; } = ComputeKey(mirror, packages);

    public string TarPath => Path.Combine(cacheDir, Key + ".tar");

    /// <summary>docker image reference for this build (by default the key's first 12 digits as tag).</summary>
    public string Reference => $"{repository}:{tag ?? Key[..12]}";

    public string? Command => "/bin/bash";

    public bool Cached => File.Exists(TarPath);

    public static string ComputeKey(string mirror, IEnumerable<string> packages)
    {
        var text = $"debootstrap|minbase|{Suite}|{mirror.TrimEnd('/')}|{string.Join(',', packages.Order(StringComparer.Ordinal))}|v1";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The first Debian mirror apt is configured with (deb822 or one-line format).</summary>
    public static string ConfiguredMirror()
    {
        var files = new List<string>();
        if (Directory.Exists("/etc/apt/sources.list.d"))
        {
            files.AddRange(Directory.GetFiles("/etc/apt/sources.list.d", "*.sources").Order(StringComparer.Ordinal));
        }

        files.Add("/etc/apt/sources.list");
        foreach (var file in files.Where(File.Exists))
        {
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.Trim();
                if (line.StartsWith("URIs:", StringComparison.Ordinal))
                {
                    var uri = line["URIs:".Length..].Trim().Split(' ')[0];
                    if (!uri.Contains("security", StringComparison.Ordinal))
                    {
                        return uri;
                    }
                }
                else if (line.StartsWith("deb ", StringComparison.Ordinal))
                {
                    var uri = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(p => p.Contains("://", StringComparison.Ordinal));
                    if (uri is not null && !uri.Contains("security", StringComparison.Ordinal))
                    {
                        return uri;
                    }
                }
            }
        }

        return "http://deb.debian.org/debian";
    }

    /// <summary>Returns the cached tar, building it first when missing. Concurrent callers wait for one build.</summary>
    public async Task<string> EnsureAsync(Action<string> log, CancellationToken ct)
    {
        if (Cached)
        {
            return TarPath;
        }

        Directory.CreateDirectory(cacheDir);
        await using var lockHandle = await AcquireLockAsync(ct);
        if (Cached)
        {
            return TarPath;
        }

        var debootstrap = Tools.Require("debootstrap", "debootstrap");
        var build = Path.Combine(cacheDir, Key + ".build");
        var rootfs = Path.Combine(build, "rootfs");
        await RemoveTreeAsync(build, ct);
        Directory.CreateDirectory(build);
        try
        {
            log($"building {repository} with debootstrap from {mirror} (up to a minute, once per machine)");
            var result = await ProcessRunner.RunAsync(debootstrap,
                ["--variant=minbase", "--include=" + string.Join(',', packages), Suite, rootfs, mirror], ct, TimeSpan.FromMinutes(15));
            if (!result.Ok)
            {
                var output = result.StdOut + result.StdErr;
                var unreachable = new[] { "Failed getting release file", "Couldn't download", "Could not resolve", "Connection refused", "Network is unreachable" }
                    .Any(m => output.Contains(m, StringComparison.Ordinal));
                var reason = unreachable
                    ? $"the Debian mirror {mirror} is unreachable"
                    : "debootstrap failed";
                throw new LabException($"{reason}: {ProcessRunner.Tail(output, 600)}");
            }

            Sanitize(rootfs);
            var tmp = TarPath + ".tmp";
            await ProcessRunner.CheckAsync("tar", ["--numeric-owner", "-C", rootfs, "-cf", tmp, "."], ct, TimeSpan.FromMinutes(5));
            File.Move(tmp, TarPath, overwrite: true);
            return TarPath;
        }
        finally
        {
            await RemoveTreeAsync(build, CancellationToken.None);
            File.Delete(TarPath + ".tmp");
        }
    }

    /// <summary>Per-machine identity must not be baked into the shared image: each host makes its own at boot.</summary>
    private static void Sanitize(string rootfs)
    {
        var ssh = Path.Combine(rootfs, "etc/ssh");
        foreach (var key in Directory.Exists(ssh) ? Directory.GetFiles(ssh, "ssh_host_*") : [])
        {
            File.Delete(key);
        }

        File.WriteAllText(Path.Combine(rootfs, "etc/machine-id"), "");
        var dbusId = Path.Combine(rootfs, "var/lib/dbus/machine-id");
        if (File.Exists(dbusId))
        {
            File.Delete(dbusId);
        }
    }

    private static async Task RemoveTreeAsync(string dir, CancellationToken ct)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }

        // debootstrap can leave /proc or /sys mounted inside a failed build: unmount before deleting.
        foreach (var mount in Mounts.Under(dir))
        {
            await ProcessRunner.RunAsync("umount", ["-l", mount], ct);
        }

        await ProcessRunner.CheckAsync("rm", ["-rf", "--one-file-system", dir], ct);
    }

    private async Task<FileStream> AcquireLockAsync(CancellationToken ct)
    {
        var path = Path.Combine(cacheDir, Key + ".lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }
}
