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
        # Controllers this kernel lacks: masked so systemd does not create cgroups that leak after teardown.
        for c in net_cls net_prio perf_event hugetlb; do
          if [ -d "/sys/fs/cgroup/$c" ] && [ "$(awk -v c="$c" '$1==c {print $2}' /proc/cgroups)" = "0" ]; then
            mount -t tmpfs -o ro tmpfs "/sys/fs/cgroup/$c" 2>/dev/null || true
          fi
        done
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
