using ClusterWorkflows.Lab.Hosts;
using ClusterWorkflows.Lab.Images;

namespace ClusterWorkflows.Lab.Tests;

public sealed class HostImageTests
{
    [Fact]
    public void ComputeKey_SamePackagesInAnyOrder_SameKey()
    {
        var a = DebootstrapImage.ComputeKey("http://deb.debian.org/debian", ["systemd", "dbus"]);
        var b = DebootstrapImage.ComputeKey("http://deb.debian.org/debian/", ["dbus", "systemd"]);

        Assert.Equal(a, b);
        Assert.Equal(64, a.Length);
    }

    [Fact]
    public void ComputeKey_OtherPackagesOrMirror_OtherKey()
    {
        var a = DebootstrapImage.ComputeKey("http://deb.debian.org/debian", ["systemd"]);

        Assert.NotEqual(a, DebootstrapImage.ComputeKey("http://deb.debian.org/debian", ["systemd", "openssl"]));
        Assert.NotEqual(a, DebootstrapImage.ComputeKey("http://mirror.example/debian", ["systemd"]));
    }

    [Fact]
    public void Image_CacheDir_TarNamedByKey()
    {
        var image = DebootstrapImage.ForHosts("/var/cache/x", "http://deb.debian.org/debian");

        Assert.Equal($"/var/cache/x/{image.Key}.tar", image.TarPath);
        Assert.StartsWith("cwlab-host:", image.Reference, StringComparison.Ordinal);
        Assert.Contains("openssh-server", DebootstrapImage.Packages);
        Assert.Contains("docker.io", DebootstrapImage.Packages);
    }

    [Fact]
    public void RunArgs_Host_FollowsTheSystemdRecipe()
    {
        var layout = LabLayout.Create("lab", LabLayout.DefaultSubnet, "/tmp/l");
        var args = HostContainer.RunArgs(layout, new State.LabHost("node1", 1, "10.77.0.11", "02:00:0a:4d:00:0b"), "img:1", "/var/cache/x");

        Assert.Contains("SIGRTMIN+3", args);
        Assert.Contains("a *:* rwm", args);
        Assert.Contains("none", args);
        Assert.DoesNotContain("--privileged", args);
        Assert.Contains(layout.HostDataDir("node1") + ":/var/lib/docker", args);
        Assert.Contains("/var/cache/x:" + HostContainer.ImageCacheMount + ":ro", args);
        Assert.Equal("/lab/init.sh", args[^1]);
    }

    [Fact]
    public void LabImages_KnownNames_ResolveUnknownThrows()
    {
        Assert.Equal("busybox:latest", LabImages.Get(LabImages.Busybox, "/c", "http://m/debian").Reference);
        Assert.Equal("debian:bookworm-slim", LabImages.Get(LabImages.Debian, "/c", "http://m/debian").Reference);
        Assert.NotEqual(DebootstrapImage.ForHosts("/c", "http://m/debian").TarPath, LabImages.Get(LabImages.Debian, "/c", "http://m/debian").TarPath);
        var ex = Assert.Throws<ArgumentException>(() => LabImages.Get("nginx", "/c", "http://m/debian"));
        Assert.Contains("--image", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Busybox_Ensure_BuildsTarWithShellOnceThenReusesIt()
    {
        if (!File.Exists("/bin/busybox") && !File.Exists("/usr/bin/busybox"))
        {
            await Assert.ThrowsAsync<LabException>(() => new BusyboxImage(Path.GetTempPath()).EnsureAsync(_ => { }, CancellationToken.None));
            return;
        }

        var cache = Directory.CreateTempSubdirectory("cw-lab-busybox-");
        try
        {
            var logs = new List<string>();
            var image = new BusyboxImage(cache.FullName);

            var tar = await image.EnsureAsync(logs.Add, CancellationToken.None);
            var again = await image.EnsureAsync(logs.Add, CancellationToken.None);

            Assert.Equal(tar, again);
            Assert.Single(logs);
            var listing = await ClusterWorkflows.Lab.Processes.ProcessRunner.CheckAsync("tar", ["-tvf", tar], CancellationToken.None);
            Assert.Contains("./bin/sh -> busybox", listing, StringComparison.Ordinal);
            Assert.Contains("./bin/busybox", listing, StringComparison.Ordinal);
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }

    [Fact]
    public void HostInit_Script_ExecsSystemdLast()
    {
        var lines = HostInit.Script.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("#!/bin/sh", lines[0], StringComparison.Ordinal);
        Assert.Equal("exec /sbin/init", lines[^1].Trim());
    }
}
