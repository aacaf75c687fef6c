using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterWorkflows.Activities.Pki.Crypto;

internal static class Certificates
{
    /// <summary>Upper-case hex SHA-256 of the DER certificate, without separators.</summary>
    public static string Fingerprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    public static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    public static X500DistinguishedName Subject(string commonName)
    {
        // The builder escapes commas and the like, which string-formatting "CN=..." would not.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    public static bool HasCommonName(X509Certificate2 certificate, string commonName) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(Subject(commonName).RawData);

    /// <summary>A positive 128-bit random serial number, as RFC 5280 asks (at most 20 octets, unique per CA).</summary>
    public static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    /// <summary>
    /// The form a certificate is kept in the vault: base64 DER on one line, deliberately not the PEM
    /// of the outputs. The host masks every value read from or written to the vault in the run's
    /// journal; a stored value identical to (or inside) the certificatePem output would blank it.
    /// </summary>
    public static string VaultForm(X509Certificate2 certificate) => Convert.ToBase64String(certificate.RawData);

    /// <summary>Loads a certificate (vault form or PEM) with its key; null when either is unreadable or they do not belong together.</summary>
    public static X509Certificate2? TryLoad(string? storedCertificate, string? keyPem)
    {
        if (string.IsNullOrWhiteSpace(storedCertificate) || string.IsNullOrWhiteSpace(keyPem))
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(AsPem(storedCertificate), keyPem);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string AsPem(string stored)
    {
        if (stored.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return stored;
        }

        var der = new byte[stored.Length];
        return Convert.TryFromBase64String(stored.Trim(), der, out var length)
            ? PemEncoding.WriteString("CERTIFICATE", der.AsSpan(0, length))
            : throw new CryptographicException("the stored certificate is neither PEM nor base64 DER");
    }

    /// <summary>Verifies that <paramref name="leaf"/> chains to <paramref name="root"/> alone, at <paramref name="at"/>.</summary>
    public static X509ChainStatusFlags[] ChainProblems(X509Certificate2 leaf, X509Certificate2 root, DateTimeOffset at, X509Certificate2[]? intermediates = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates ?? []);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        if (chain.Build(leaf))
        {
            return [];
        }

        var problems = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToArray();
        return problems.Length > 0 ? problems : [X509ChainStatusFlags.PartialChain];
    }
}
