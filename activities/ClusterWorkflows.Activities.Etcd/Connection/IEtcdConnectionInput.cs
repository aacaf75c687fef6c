namespace ClusterWorkflows.Activities.Etcd.Connection;

/// <summary>
/// How every etcd activity reaches the cluster. Each input record carries these fields itself
/// (flat, so runbooks write them like any other input) and the activities read them through this interface.
/// </summary>
public interface IEtcdConnectionInput
{
    /// <summary>Client URLs, e.g. <c>https://10.77.0.11:2379</c>.</summary>
    string[] Endpoints { get; }

    /// <summary>The CA that signed the server certificates, PEM.</summary>
    string CaCertificatePem { get; }

    /// <summary>The client certificate, PEM.</summary>
    string ClientCertificatePem { get; }

    /// <summary>The NAME of the vault secret holding the client key PEM; the key itself never is an input.</summary>
    string ClientKeySecret { get; }
}
