using ClusterWorkflows.Lab.State;

namespace ClusterWorkflows.Lab.Hosts;

/// <summary>The `docker run` arguments for one host with real systemd as PID 1 (the recipe in DESIGN.md).</summary>
public static class HostContainer
{
    public const string ImageCacheMount = "/var/cache/cwlab";

    public static IReadOnlyList<string> RunArgs(LabLayout layout, LabHost host, string image, string cacheDir) =>
    [
        "run", "-d", "--name", host.Name, "--hostname", host.Name, "--network", "none",
        // --privileged fails on this kernel; all capabilities but SYS_RESOURCE work.
        "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
        "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined", "--security-opt", "systempaths=unconfined",
        "--device-cgroup-rule", "a *:* rwm",
        "--stop-signal", "SIGRTMIN+3",
        "--tmpfs", "/run:rw,exec,mode=755", "--tmpfs", "/run/lock", "--tmpfs", "/tmp:rw,exec,mode=1777",
        // overlay2 cannot sit on overlay: the inner dockerd gets a directory of the real file system.
        "-v", layout.HostDataDir(host.Name) + ":/var/lib/docker",
        "-v", layout.ShareDir + ":/lab:ro",
        // Workload image tars are imported from the machine-wide cache without copying them.
        "-v", cacheDir + ":" + ImageCacheMount + ":ro",
        "-e", "container=docker",
        "--entrypoint", "/bin/sh",
        image, "/lab/init.sh",
    ];
}
