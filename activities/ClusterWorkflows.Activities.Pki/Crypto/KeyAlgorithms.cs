using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Pki.Crypto;

/// <summary>The key types the activities create; kept to two well-supported choices on purpose.</summary>
internal static class KeyAlgorithms
{
    public const string EcdsaP256 = "ecdsa-p256";
    public const string Rsa3072 = "rsa-3072";

    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";

    public static AsymmetricAlgorithm Create(string algorithm) => algorithm switch
    {
        EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        Rsa3072 => RSA.Create(3072),
        _ => throw new NonRetryableActivityException("pki.bad-input", $"keyAlgorithm: '{algorithm}' is not supported (use {EcdsaP256} or {Rsa3072})"),
    };

    /// <summary>PKCS#8 PEM: the form stored in the vault.</summary>
    public static string ExportPrivateKeyPem(AsymmetricAlgorithm key) => key.ExportPkcs8PrivateKeyPem();

    public static X509SignatureGenerator SignatureGenerator(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new NonRetryableActivityException("pki.bad-key", "the CA key is neither ECDSA nor RSA"),
    };

    /// <summary>The private key of a certificate that was loaded with its key.</summary>
    public static AsymmetricAlgorithm PrivateKey(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
        ?? certificate.GetRSAPrivateKey()
        ?? throw new NonRetryableActivityException("pki.bad-key", $"the certificate {certificate.Subject} has no usable private key");

    public static bool Matches(X509Certificate2 certificate, string algorithm)
    {
        var oid = certificate.PublicKey.Oid.Value;
        return algorithm switch
        {
            EcdsaP256 => oid == EcPublicKeyOid && certificate.GetECDsaPublicKey() is { } ec && ec.KeySize == 256,
            Rsa3072 => oid == RsaOid && certificate.GetRSAPublicKey() is { } rsa && rsa.KeySize == 3072,
            _ => false,
        };
    }
}
