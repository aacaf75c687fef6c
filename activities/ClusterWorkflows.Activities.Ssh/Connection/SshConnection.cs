using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace ClusterWorkflows.Activities.Ssh.Connection;

/// <summary>Where and how to connect; shared by every <c>ssh.*</c> activity as its <c>connection</c> input.</summary>
public sealed record SshConnection
{
    [Description("Host name or IP address of the remote host.")]
    [MinLength(1)]
    public string Host { get; init; } = "";

    [Description("SSH port.")]
    [Range(1, 65535)]
    public int Port { get; init; } = 22;

    [Description("User to log in as.")]
    [MinLength(1)]
    public string User { get; init; } = "";

    [Description("NAME of the secret in the engine's secret store that holds the private key (PEM/OpenSSH format).")]
    public string? PrivateKeySecret { get; init; }

    [Description("Path of a private key file on the engine host (when no privateKeySecret).")]
    public string? PrivateKeyFile { get; init; }

    [Description("OpenSSH known_hosts file holding the pinned host keys.")]
    [MinLength(1)]
    public string KnownHostsFile { get; init; } = "";

    [Description("Record the key of a host not yet in known_hosts instead of refusing it.")]
    public bool TrustOnFirstUse { get; init; }

    [Description("How long to wait for the connection and authentication.")]
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal string Display => Port == 22 ? $"{User}@{Host}" : $"{User}@{Host}:{Port}";
}
