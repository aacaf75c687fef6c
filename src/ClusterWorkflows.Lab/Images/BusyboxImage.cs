using System.Security.Cryptography;
using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Lab.Images;

/// <summary>`busybox:latest` made from Debian's busybox-static binary: a tiny image for workload tests.</summary>
public sealed class BusyboxImage(string cacheDir) : ILabImage
{
    public string Reference => "busybox:latest";

    public string? Command => "sh";

    public string TarPath => Path.Combine(cacheDir, $"busybox-{Key()}.tar");

    public async Task<string> EnsureAsync(Action<string> log, CancellationToken ct)
    {
        var tar = TarPath;
        if (File.Exists(tar))
        {
            return tar;
        }

        var busybox = Binary();
        var build = Directory.CreateTempSubdirectory("cwlab-busybox-");
        try
        {
            log("building busybox:latest from busybox-static");
            var bin = Directory.CreateDirectory(Path.Combine(build.FullName, "bin"));
            File.Copy(busybox, Path.Combine(bin.FullName, "busybox"));
            var applets = await ProcessRunner.CheckAsync(busybox, ["--list"], ct);
            foreach (var applet in applets.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(a => a != "busybox"))
            {
                File.CreateSymbolicLink(Path.Combine(bin.FullName, applet), "busybox");
            }

            foreach (var dir in new[] { "etc", "tmp", "root", "proc", "sys", "dev", "var" })
            {
                Directory.CreateDirectory(Path.Combine(build.FullName, dir));
            }

            await File.WriteAllTextAsync(Path.Combine(build.FullName, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n", ct);
            await File.WriteAllTextAsync(Path.Combine(build.FullName, "etc/group"), "root:x:0:\n", ct);
            Directory.CreateDirectory(cacheDir);
            await ProcessRunner.CheckAsync("tar", ["--numeric-owner", "--owner=0", "--group=0", "-C", build.FullName, "-cf", tar + ".tmp", "."], ct);
            File.Move(tar + ".tmp", tar, overwrite: true);
            return tar;
        }
        finally
        {
            build.Delete(recursive: true);
            File.Delete(tar + ".tmp");
        }
    }

    private static string Binary() =>
        new[] { "/bin/busybox", "/usr/bin/busybox" }.FirstOrDefault(File.Exists)
        ?? throw new LabException("'busybox' is not installed (Debian package busybox-static); run scripts/lab-setup.sh");

    private static string Key()
    {
        var path = new[] { "/bin/busybox", "/usr/bin/busybox" }.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return "missing";
        }

        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }
}
