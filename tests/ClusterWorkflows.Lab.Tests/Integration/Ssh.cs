using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Lab.Tests.Integration;

/// <summary>Runs commands on lab hosts the way users do: ssh -F &lt;lab&gt;/ssh_config HOST CMD.</summary>
public static class Ssh
{
    public static Task<ProcessResult> RunAsync(LabLayout layout, string host, string command) =>
        ProcessRunner.RunAsync("ssh", ["-F", layout.SshConfigFile, "-o", "ConnectTimeout=3", host, command], CancellationToken.None, TimeSpan.FromSeconds(30));

    /// <summary>Can <paramref name="from"/> open a TCP connection to <paramref name="ip"/>:22 within 3 s?</summary>
    public static async Task<bool> CanReachAsync(LabLayout layout, string from, string ip)
    {
        var probe = await RunAsync(layout, from, $"timeout 3 bash -c 'echo > /dev/tcp/{ip}/22' && echo reachable");
        return probe.StdOut.Contains("reachable", StringComparison.Ordinal);
    }
}
