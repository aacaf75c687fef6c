using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Activities.Pki.Crypto;

namespace ClusterWorkflows.Activities.Pki.Authority;

internal sealed record NewAuthority(X509Certificate2 Certificate, string KeyPem);

internal static class CertificateAuthorityFactory
{
    // Tolerates hosts whose clocks are slightly behind the engine's.
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    public static NewAuthority Create(string commonName, string algorithm, DateTimeOffset now, TimeSpan validity)
    {
        using var key = KeyAlgorithms.Create(algorithm);
        var request = key switch
        {
            ECDsa ecdsa => new CertificateRequest(Certificates.Subject(commonName), ecdsa, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(Certificates.Subject(commonName), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new InvalidOperationException("unexpected key type"),
        };

        // Path length 0: this CA signs leaf certificates only, never another CA.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var certificate = request.CreateSelfSigned(now - Backdate, now + validity);
        return new NewAuthority(certificate, KeyAlgorithms.ExportPrivateKeyPem(key));
    }
}
