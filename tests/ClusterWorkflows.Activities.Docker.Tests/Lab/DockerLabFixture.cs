using System.Text.Json.Nodes;
using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Activities.Docker.Tests.Lab;

/// <summary>A lab for docker activity tests, with the inputs that reach its hosts.</summary>
public class DockerLab(string name, string subnet, int hosts) : TestLab(name, subnet, hosts)
{
    public string Ip(int index) => Layout.HostIp(index);

    /// <summary>The ssh connection object for lab host <paramref name="index"/> (root, the lab key file, pinned host keys).</summary>
    public JsonObject Ssh(int index) => new()
    {
        ["host"] = Ip(index),
        ["user"] = "root",
        ["privateKeyFile"] = Layout.KeyFile,
        ["knownHostsFile"] = Layout.KnownHostsFile,
    };

    /// <summary>A <c>connection</c> input reaching host <paramref name="index"/>'s Engine through the SSH tunnel.</summary>
    public JsonObject SshConnection(int index) => new() { ["ssh"] = Ssh(index) };

    /// <summary>Runs a shell command on lab host node<paramref name="index"/> the way users do (ssh -F lab/ssh_config).</summary>
    public async Task<string> ShellAsync(int index, string command)
    {
        var result = await ProcessRunner.RunAsync("ssh", ["-F", Layout.SshConfigFile, "-o", "ConnectTimeout=5", $"node{index}", command], CancellationToken.None, TimeSpan.FromSeconds(60));
        Assert.True(result.Ok, $"node{index}: '{command}' exited {result.ExitCode}: {result.StdErr}");
        return result.StdOut.Trim();
    }
}

/// <summary>One 2-host lab ("cwdock") for the docker lab tests; always torn down, and cleared first if a crashed run left one.</summary>
public sealed class DockerLabFixture() : DockerLab("cwdock", "10.77.210.0/24", 2)
{
    /// <summary>The first docker.initSwarm result in this lab (the swarm is created once, by whichever test runs first).</summary>
    public ClusterWorkflows.Sdk.Registration.ActivityInvocation? FirstInit { get; set; }
}
