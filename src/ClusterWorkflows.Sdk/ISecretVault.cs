namespace ClusterWorkflows.Sdk;

/// <summary>
/// The engine's encrypted secret store, for activities that keep or read key material by name
/// (a CA key, an SSH private key) without it ever passing through expressions, outputs or the
/// journal. Values read through the vault are registered for redaction by the host.
/// </summary>
public interface ISecretVault
{
    Task<string?> GetAsync(string name, CancellationToken cancellationToken);

    Task SetAsync(string name, string value, CancellationToken cancellationToken);
}
