namespace ClusterWorkflows.Activities.Etcd.Connection;

/// <summary>Shared descriptions and patterns so every activity documents the connection the same way.</summary>
internal static class EtcdFields
{
    public const string Connection = "How to reach the etcd cluster: endpoints, the CA, the client certificate and the vault secret holding its key.";
    public const string Endpoints = "etcd client URLs over TLS, e.g. https://10.77.0.11:2379.";
    public const string CaCertificatePem = "The CA certificate that signed the etcd server certificates, PEM.";
    public const string ClientCertificatePem = "The client certificate presented to etcd (client-cert auth), PEM.";
    public const string ClientKeySecret = "Name of the secret in the run's vault holding the client private key, PEM (never the key itself).";
    public const string SecretNamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
}
