using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Activities.Pki.Crypto;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Pki.Authority;

/// <summary>
/// Creates a self-signed root CA whose key lives only in the secret vault. An existing, still valid
/// CA with the same subject is kept: replacing it would invalidate every certificate it issued.
/// </summary>
[Activity("pki.createCa", 1, Category = ActivityCategories.Pki, InputErrorCode = "pki.bad-input",
    Description = "Creates a root certificate authority, keeping its private key in the secret vault.")]
public sealed class CreateCertificateAuthority : IActivity<CreateCertificateAuthorityInput, CreateCertificateAuthorityOutput>
{
    public async Task<ActivityResult<CreateCertificateAuthorityOutput>> ExecuteAsync(
        CreateCertificateAuthorityInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var vault = Vault.Require(context);
        var now = context.Time.GetUtcNow();
        var stored = await CertificateAuthorityStore.LookUpAsync(vault, input.Name, cancellationToken);
        using var existing = stored.Authority;
        var reason = stored.CertificateStored && existing is null
            ? "its key is missing or does not match its certificate"
            : ReplaceReason(existing, input, now);
        if (reason is null)
        {
            context.Log.Info($"CA '{input.Name}' ({existing!.Subject}) exists and is valid until {existing.NotAfter.ToUniversalTime():u}");
            return ActivityResult.Unchanged(Output(input.Name, existing));
        }

        if (context.CheckMode)
        {
            context.Log.Info($"check mode: would create CA '{input.Name}' ({reason})");
            return ActivityResult.Changed(new CreateCertificateAuthorityOutput
            {
                CertificatePem = existing is null ? "" : Certificates.Pem(existing),
                Fingerprint = existing is null ? "" : Certificates.Fingerprint(existing),
                NotAfter = existing is null ? null : Certificates.NotAfter(existing),
                CertificateSecret = SecretNames.CaCertificate(input.Name),
            });
        }

        if (stored.CertificateStored)
        {
            context.Log.Warning($"replacing CA '{input.Name}' ({reason}); certificates it issued will be re-issued by pki.issueCertificate");
        }

        var created = CertificateAuthorityFactory.Create(input.CommonName, input.KeyAlgorithm, now, input.Validity);
        using var certificate = created.Certificate;
        cancellationToken.ThrowIfCancellationRequested();
        await CertificateAuthorityStore.SaveAsync(vault, input.Name, created, cancellationToken);
        context.Log.Info($"created CA '{input.Name}' ({certificate.Subject}, {input.KeyAlgorithm}), fingerprint {Certificates.Fingerprint(certificate)}, valid until {certificate.NotAfter.ToUniversalTime():u}");
        return ActivityResult.Changed(Output(input.Name, certificate));
    }

    private static string? ReplaceReason(X509Certificate2? existing, CreateCertificateAuthorityInput input, DateTimeOffset now)
    {
        if (existing is null)
        {
            return "it does not exist";
        }

        if (!Certificates.HasCommonName(existing, input.CommonName))
        {
            return $"its subject is {existing.Subject}";
        }

        return Certificates.NotAfter(existing) <= now ? "it has expired" : null;
    }

    private static CreateCertificateAuthorityOutput Output(string name, X509Certificate2 certificate) => new()
    {
        CertificatePem = Certificates.Pem(certificate),
        Fingerprint = Certificates.Fingerprint(certificate),
        NotAfter = Certificates.NotAfter(certificate),
        CertificateSecret = SecretNames.CaCertificate(name),
    };
}
