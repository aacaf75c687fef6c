using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Activities.Pki.Crypto;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Pki.Authority;

internal sealed record StoredAuthority(X509Certificate2? Authority, bool CertificateStored);

/// <summary>Reads and writes a CA's certificate and key in the run's vault.</summary>
internal static class CertificateAuthorityStore
{
    /// <summary>The CA with its private key, or null when it is missing or its key does not match.</summary>
    public static async Task<X509Certificate2?> TryLoadAsync(ISecretVault vault, string name, CancellationToken cancellationToken) =>
        (await LookUpAsync(vault, name, cancellationToken)).Authority;

    /// <summary>Also tells a missing CA from one whose certificate is stored without a usable key.</summary>
    public static async Task<StoredAuthority> LookUpAsync(ISecretVault vault, string name, CancellationToken cancellationToken)
    {
        var certificate = await vault.GetAsync(SecretNames.CaCertificate(name), cancellationToken);
        var key = await vault.GetAsync(SecretNames.CaKey(name), cancellationToken);
        return new StoredAuthority(Certificates.TryLoad(certificate, key), !string.IsNullOrWhiteSpace(certificate));
    }

    public static async Task SaveAsync(ISecretVault vault, string name, NewAuthority authority, CancellationToken cancellationToken)
    {
        // Key first: a certificate in the vault then always has its key next to it.
        await vault.SetAsync(SecretNames.CaKey(name), authority.KeyPem, cancellationToken);
        await vault.SetAsync(SecretNames.CaCertificate(name), Certificates.VaultForm(authority.Certificate), cancellationToken);
    }
}
