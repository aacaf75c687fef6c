using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Activities.Ssh.Connection;

namespace ClusterWorkflows.Activities.Ssh.Waiting;

[ExactlyOne("port", "command")]
public sealed record WaitForRemoteInput
{
    [Description("The host to connect to and how.")]
    public SshConnection Connection { get; init; } = new();

    [Description("A TCP port that must accept connections, checked from the remote host. Exactly one of port and command.")]
    [Port]
    public int? Port { get; init; }

    [Description("Address the port is checked on, as seen from the remote host.")]
    [HostName]
    public string PortHost { get; init; } = "127.0.0.1";

    [Description("A command that must exit 0. Exactly one of port and command.")]
    public string? Command { get; init; }

    [Description("Run the command through sudo -n.")]
    public bool Sudo { get; init; }

    [Description("Give up after this long.")]
    [PositiveDuration]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    [Description("Time between two attempts.")]
    [PositiveDuration]
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);
}

public sealed record WaitForRemoteOutput
{
    [Description("How many attempts were made (0 in check mode).")]
    public required int Attempts { get; init; }
}
