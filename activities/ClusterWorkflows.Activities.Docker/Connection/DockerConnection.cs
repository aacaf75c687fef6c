using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Ssh.Connection;

namespace ClusterWorkflows.Activities.Docker.Connection;

/// <summary>How a docker activity reaches one host's Engine API: exactly one of <see cref="Ssh"/> and <see cref="Endpoint"/>.</summary>
public sealed record DockerConnection
{
    [Description("Reach the Engine through SSH (docker system dial-stdio on the host). Exactly one of ssh and endpoint.")]
    public SshConnection? Ssh { get; init; }

    [Description("The Engine's TLS endpoint, e.g. tcp://10.77.0.11:2376 (needs caCertificatePem, clientCertificatePem and clientKeySecret). Exactly one of ssh and endpoint.")]
    public string? Endpoint { get; init; }

    [Description("With endpoint: the CA certificate (PEM) that signed the daemon's certificate; the only trust anchor.")]
    public string? CaCertificatePem { get; init; }

    [Description("With endpoint: the client certificate (PEM) presented to the daemon.")]
    public string? ClientCertificatePem { get; init; }

    [Description("With endpoint: NAME of the vault secret holding the client private key, PEM (never the key itself).")]
    [RegularExpression(DockerFields.SecretNamePattern)]
    public string? ClientKeySecret { get; init; }

    internal string Display => Ssh is not null ? Ssh.Display : Endpoint ?? "(no connection)";
}
