using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterWorkflows.Activities.Etcd.Tests.Fixtures;

/// <summary>A throw-away CA with a server certificate for 127.0.0.1 (and <c>serverIp</c> when given) and a client certificate, as PEM.</summary>
public sealed record TestCertificates(string CaPem, string ServerPem, string ServerKeyPem, string ClientPem, string ClientKeyPem)
{
    public static TestCertificates Create(string caName = "etcd test CA", string? serverIp = null)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var (serverPem, serverKeyPem) = Leaf(ca, serverIp ?? "127.0.0.1", now, server: true, serverIp);
        var (clientPem, clientKeyPem) = Leaf(ca, "etcd-test-client", now, server: false, null);
        return new TestCertificates(ca.ExportCertificatePem(), serverPem, serverKeyPem, clientPem, clientKeyPem);
    }

    private static (string Pem, string KeyPem) Leaf(X509Certificate2 ca, string commonName, DateTimeOffset now, bool server, string? serverIp)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            if (serverIp is not null)
            {
                san.AddIpAddress(IPAddress.Parse(serverIp));
            }

            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), serial);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
