using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Activities.Ssh.Connection;

namespace ClusterWorkflows.Activities.Docker.Daemon;

public sealed record ConfigureDaemonInput
{
    [Description("The host to configure, over SSH (the daemon's files are edited and it is restarted there).")]
    public SshConnection Connection { get; init; } = new();

    [Description("The content of /etc/docker/daemon.json as a JSON object, e.g. {\"log-driver\": \"json-file\"}. Must not contain hosts (use tls.listen).")]
    public JsonObject Settings { get; init; } = [];

    [Description("Serve the Engine API over TLS with client certificates on an extra TCP listener.")]
    public DaemonTls? Tls { get; init; }

    [Description("Do the checks, writes and restart as root through sudo -n.")]
    public bool Sudo { get; init; }
}

public sealed record DaemonTls
{
    [Description("Address the TLS listener binds, host:port, e.g. 10.77.0.11:2376.")]
    [MinLength(1)]
    public string Listen { get; init; } = "";

    [Description("The CA certificate (PEM) that signs the clients allowed in; written to /etc/docker/tls/ca.pem.")]
    [MinLength(1)]
    public string CaCertificatePem { get; init; } = "";

    [Description("The daemon's server certificate (PEM, with the host's IP in its SANs); written to /etc/docker/tls/cert.pem.")]
    [MinLength(1)]
    public string CertificatePem { get; init; } = "";

    [Description("NAME of the vault secret holding the server certificate's private key, PEM; written to /etc/docker/tls/key.pem (0600).")]
    [RegularExpression(DockerFields.SecretNamePattern)]
    public string KeySecret { get; init; } = "";
}

public sealed record ConfigureDaemonOutput
{
    [Description("The files written (or in check mode, that would be written).")]
    public required string[] ChangedFiles { get; init; }

    [Description("True when the daemon was (or in check mode would be) restarted.")]
    public required bool Restarted { get; init; }
}
