using System.Security.Cryptography;
using System.Text;
using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Lab.Images;

/// <summary>
/// The Debian 12 root file system every lab host runs, built offline with debootstrap from the configured
/// mirror and cached machine-wide as a tar keyed by its package list, so a machine pays debootstrap once.
/// </summary>
public sealed class HostImage(string cacheDir, string mirror)
{
    public const string Suite = "bookworm";
    public const string DefaultCacheDir = "/var/cache/clusterworkflows/lab";

    public static readonly IReadOnlyList<string> Packages =
    [
        "systemd", "systemd-sysv", "dbus", "openssh-server", "docker.io", "etcd-server", "etcd-client",
        "iproute2", "iptables", "procps", "ca-certificates", "openssl",
    ];

    public string Key { get; } = ComputeKey(mirror, Packages);

    public string TarPath => Path.Combine(cacheDir, Key + ".tar");

    /// <summary>docker image reference for this build (the key's first 12 digits as tag).</summary>
    public string Reference => $"cwlab-host:{Key[..12]}";

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
            log($"building the host image with debootstrap from {mirror} (about a minute, once per machine)");
            var result = await ProcessRunner.RunAsync(debootstrap,
                ["--variant=minbase", "--include=" + string.Join(',', Packages), Suite, rootfs, mirror], ct, TimeSpan.FromMinutes(15));
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
        foreach (var key in Directory.GetFiles(Path.Combine(rootfs, "etc/ssh"), "ssh_host_*"))
        {
            File.Delete(key);
        }

        File.WriteAllText(Path.Combine(rootfs, "etc/machine-id"), "");
        File.Delete(Path.Combine(rootfs, "var/lib/dbus/machine-id"));
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
