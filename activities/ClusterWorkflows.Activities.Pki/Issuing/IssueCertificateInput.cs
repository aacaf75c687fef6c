using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Activities.Pki.Crypto;

namespace ClusterWorkflows.Activities.Pki.Issuing;

public sealed record IssueCertificateInput
{
    [Description("Name of the CA (as given to pki.createCa) that signs the certificate.")]
    [RegularExpression(SecretNames.NamePattern)]
    public required string Ca { get; init; }

    [Description("Subject common name; also names the vault secrets pki.<ca>.<commonName>.key and .crt.")]
    [RegularExpression(SecretNames.NamePattern)]
    public required string CommonName { get; init; }

    [Description("DNS subject alternative names.")]
    public string[] DnsNames { get; init; } = [];

    [Description("IP address subject alternative names (IPv4 or IPv6).")]
    public string[] IpAddresses { get; init; } = [];

    [Description("How long a new certificate is valid (capped at the CA's own expiry).")]
    [PositiveDuration]
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(365);

    [Description("Re-issue the certificate when it expires within this time.")]
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromDays(30);

    [Description("Key type: ecdsa-p256 or rsa-3072. A stored certificate with another key type is re-issued.")]
    [AllowedValues(KeyAlgorithms.EcdsaP256, KeyAlgorithms.Rsa3072)]
    public string KeyAlgorithm { get; init; } = KeyAlgorithms.EcdsaP256;

    [Description("Force a new key and certificate even when the stored one is still good (revoke by re-issuing).")]
    public bool Reissue { get; init; }
}

public sealed record IssueCertificateOutput
{
    [Description("The certificate, PEM (empty in check mode when it would be issued for the first time).")]
    public required string CertificatePem { get; init; }

    [Description("The signing CA's certificate, PEM (empty in check mode when the CA does not exist yet).")]
    public required string CaPem { get; init; }

    [Description("Name of the vault secret holding the private key (the name only, never the key).")]
    public required string KeySecret { get; init; }

    [Description("Name of the vault secret holding the certificate.")]
    public required string CertificateSecret { get; init; }

    [Description("SHA-256 fingerprint of the certificate, upper-case hex.")]
    public required string Fingerprint { get; init; }

    [Description("End of the certificate's validity (UTC); null when nothing was issued yet.")]
    public DateTimeOffset? NotAfter { get; init; }

    [Description("The subject alternative names, as DNS:<name> and IP:<address>.")]
    public required string[] Sans { get; init; }
}
