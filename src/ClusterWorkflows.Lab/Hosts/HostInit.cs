namespace ClusterWorkflows.Lab.Hosts;

/// <summary>
/// The host containers' entrypoint (PID 1 before systemd). It makes the container look like a machine to
/// systemd and dockerd, following the recipe measured on these machines (see DESIGN.md).
/// </summary>
public static class HostInit
{
    public const string Script = """
        #!/bin/sh
        # cw lab host entrypoint: prepares /sys, cgroups, /etc and SSH, then execs systemd.
        set -u
        mount -o remount,rw /sys 2>/dev/null || true
        mount -o remount,rw /sys/fs/cgroup 2>/dev/null || true
        for d in /sys/fs/cgroup/*; do
          [ -d "$d" ] || continue
          mount -o remount,rw "$d" 2>/dev/null || mount -o remount,bind,rw "$d" 2>/dev/null || true
        done
        # systemd mounts the hierarchies Docker did not: controllers the machine does not mount (net_cls,
        # net_prio, perf_event, hugetlb) would be whole fresh hierarchies whose cgroups outlive the lab, so
        # they are masked read-only first (systemd skips paths that already are mount points).
        for c in net_cls,net_prio perf_event hugetlb; do
          p="/sys/fs/cgroup/$c"
          if ! mountpoint -q "$p" 2>/dev/null; then mkdir -p "$p" && mount -t tmpfs -o ro,size=4k tmpfs "$p" || true; fi
        done
        for c in net_cls net_prio; do [ -e "/sys/fs/cgroup/$c" ] || ln -s net_cls,net_prio "/sys/fs/cgroup/$c" 2>/dev/null || true; done
        # Likewise the cgroup2 hierarchy would be mounted at its root: mount it narrowed to this container's
        # own cgroup, so the inner systemd and dockerd create theirs below the lab's cgroup, which teardown removes.
        cg="$(sed -n 's/^0:://p' /proc/self/cgroup)"
        if ! mountpoint -q /sys/fs/cgroup/unified 2>/dev/null && [ -n "$cg" ] && [ "$cg" != "/" ]; then
          mkdir -p /sys/fs/cgroup/unified
          mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified && mount --bind "/sys/fs/cgroup/unified$cg" /sys/fs/cgroup/unified || true
        fi
        # Docker bind-mounts these; real files let hostnamectl, runbooks and /etc/hosts edits work.
        name="$(hostname)"
        for f in /etc/hosts /etc/hostname /etc/resolv.conf; do umount "$f" 2>/dev/null || true; rm -f "$f"; done
        echo "$name" > /etc/hostname
        { echo "127.0.0.1 localhost"; echo "::1 localhost ip6-localhost ip6-loopback"; cat /lab/hosts; } > /etc/hosts
        : > /etc/resolv.conf
        ssh-keygen -A >/dev/null 2>&1
        mkdir -p /root/.ssh && chmod 700 /root/.ssh
        cp /lab/authorized_keys /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys
        exec /sbin/init
        """;
}
