using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterWorkflows.Sdk.Tls;

/// <summary>
/// TLS with a cluster's own CA and client certificates given as PEM, shared by the activity
/// libraries that talk to cluster services (etcd, the Docker API): parsing with errors that name
/// the input field and never quote key material, and server validation against that CA only.
/// </summary>
public static class PrivateCaTls
{
    /// <summary>Reads a PEM certificate; a bad one is a non-retryable <paramref name="errorCode"/> naming <paramref name="field"/>.</summary>
    public static X509Certificate2 ReadCertificate(string pem, string field, string errorCode)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw new NonRetryableActivityException(errorCode, $"{field}: not a PEM certificate");
        }
    }

    /// <summary>A client certificate with its private key, usable by SslStream.</summary>
    public static X509Certificate2 ReadClientCertificate(string certificatePem, string keyPem, string fields, string errorCode)
    {
        X509Certificate2 ephemeral;
        try
        {
            ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // The parser's text could quote key material: never pass it on.
            throw new NonRetryableActivityException(errorCode, $"{fields}: not a PEM certificate with its matching private key");
        }

        using (ephemeral)
        {
            // SslStream on Linux cannot present a certificate whose key is ephemeral; a PKCS#12 round trip fixes that.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
        }
    }

    /// <summary>
    /// The server's certificate must chain to <paramref name="ca"/> (not to the system store) and
    /// match the host name or IP; only the trust anchor differs from the default validation.
    /// </summary>
    public static bool Trusted(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
