using System.Globalization;
using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Lab.Hosts;

/// <summary>The lab's private dockerd: its own netns, data root, exec root and socket, no bridge and no iptables rules.</summary>
public sealed class OuterDocker(LabLayout layout, string dockerd)
{
    public string Client { get; } = Tools.DockerClient(dockerd);

    public async Task StartAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(layout.DataRoot);
        Directory.CreateDirectory(layout.ExecRoot);
        var config = Path.Combine(layout.RunRoot, "daemon.json");
        await File.WriteAllTextAsync(config, "{}\n", ct);
        await ProcessRunner.CheckAsync("ip", ["netns", "add", layout.DockerNetns], ct);
        await ProcessRunner.CheckAsync("nsenter", ["--net=/var/run/netns/" + layout.DockerNetns, "ip", "link", "set", "lo", "up"], ct);

        // `ip netns exec` remounts /sys, which breaks dockerd: nsenter only switches the network namespace.
        string[] daemon =
        [
            "nsenter", "--net=/var/run/netns/" + layout.DockerNetns, "--", dockerd,
            "--data-root", layout.DataRoot, "--exec-root", layout.ExecRoot, "-H", layout.DockerHost,
            "--pidfile", layout.PidFile, "--config-file", config,
            "--bridge", "none", "--iptables=false", "--ip-masq=false",
            "--cgroup-parent", "/" + layout.CgroupParent, "--exec-opt", "native.cgroupdriver=cgroupfs",
            "--log-level", "warn",
        ];
        var line = string.Join(' ', daemon.Select(Quote)) + " </dev/null >>" + Quote(layout.DockerdLog) + " 2>&1 &";
        await ProcessRunner.CheckAsync("setsid", ["sh", "-c", line], ct);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (true)
        {
            var probe = await ProcessRunner.RunAsync(Client, ["-H", layout.DockerHost, "version", "--format", "{{.Server.Version}}"], ct, TimeSpan.FromSeconds(10));
            if (probe.Ok)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var log = File.Exists(layout.DockerdLog) ? ProcessRunner.Tail(await File.ReadAllTextAsync(layout.DockerdLog, ct), 800) : "(no log)";
                throw new LabException($"the lab's dockerd did not start within 40 s; its log: {log}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    public Task<string> RunAsync(IEnumerable<string> args, CancellationToken ct, TimeSpan? timeout = null) =>
        ProcessRunner.CheckAsync(Client, new[] { "-H", layout.DockerHost }.Concat(args), ct, timeout);

    public Task<ProcessResult> TryAsync(IEnumerable<string> args, CancellationToken ct, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(Client, new[] { "-H", layout.DockerHost }.Concat(args), ct, timeout);

    public async Task<int> PidAsync(string container, CancellationToken ct)
    {
        var text = (await RunAsync(["inspect", "-f", "{{.State.Pid}}", container], ct)).Trim();
        var pid = int.Parse(text, CultureInfo.InvariantCulture);
        return pid > 0 ? pid : throw new LabException($"host {container} is not running");
    }

    public static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
