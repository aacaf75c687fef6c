using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Activities.Pki.Authority;
using ClusterWorkflows.Activities.Pki.Crypto;

namespace ClusterWorkflows.Activities.Pki.Issuing;

internal sealed record IssuedCertificate(X509Certificate2 Certificate, string KeyPem);

internal static class LeafCertificateFactory
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    public static IssuedCertificate Issue(X509Certificate2 ca, SubjectNames names, string algorithm, DateTimeOffset now, TimeSpan validity)
    {
        using var key = KeyAlgorithms.Create(algorithm);
        var request = new CertificateRequest(Certificates.Subject(names.CommonName), new PublicKey(key), HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));

        // ECDSA keys cannot encipher, but RSA TLS clients and etcd's checks expect the usual pair.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));

        // Both usages: etcd members are servers to clients and clients to their peers.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth), new Oid(ClientAuth)], false));
        if (names.DnsNames.Count + names.IpAddresses.Count > 0)
        {
            request.CertificateExtensions.Add(names.ToExtension());
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var caNotAfter = Certificates.NotAfter(ca);
        var notAfter = now + validity < caNotAfter ? now + validity : caNotAfter;
        using var caKey = KeyAlgorithms.PrivateKey(ca);
        var generator = KeyAlgorithms.SignatureGenerator(caKey);
        var unsigned = request.Create(ca.SubjectName, generator, now - CertificateAuthorityFactory.Backdate, notAfter, Certificates.NewSerialNumber());
        return new IssuedCertificate(unsigned, KeyAlgorithms.ExportPrivateKeyPem(key));
    }
}
