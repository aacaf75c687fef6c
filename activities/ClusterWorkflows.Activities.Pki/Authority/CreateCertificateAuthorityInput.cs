using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Activities.Pki.Crypto;

namespace ClusterWorkflows.Activities.Pki.Authority;

public sealed record CreateCertificateAuthorityInput
{
    [Description("The CA's name: its key and certificate are kept in the secret vault as pki.<name>.ca.key and pki.<name>.ca.crt.")]
    [RegularExpression(SecretNames.NamePattern)]
    public required string Name { get; init; }

    [Description("The CA certificate's subject common name.")]
    [MinLength(1)]
    public required string CommonName { get; init; }

    [Description("How long the CA certificate is valid.")]
    [PositiveDuration]
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(3650);

    [Description("Key type of a new CA: ecdsa-p256 or rsa-3072. An existing CA keeps its key.")]
    [AllowedValues(KeyAlgorithms.EcdsaP256, KeyAlgorithms.Rsa3072)]
    public string KeyAlgorithm { get; init; } = KeyAlgorithms.EcdsaP256;
}

public sealed record CreateCertificateAuthorityOutput
{
    [Description("The CA certificate, PEM (empty in check mode when the CA does not exist yet).")]
    public required string CertificatePem { get; init; }

    [Description("SHA-256 fingerprint of the CA certificate, upper-case hex.")]
    public required string Fingerprint { get; init; }

    [Description("End of the CA certificate's validity (UTC); null in check mode when the CA does not exist yet.")]
    public DateTimeOffset? NotAfter { get; init; }

    [Description("Name of the vault secret holding the CA certificate.")]
    public required string CertificateSecret { get; init; }
}
