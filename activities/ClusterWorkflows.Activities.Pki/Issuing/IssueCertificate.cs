using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Activities.Pki.Authority;
using ClusterWorkflows.Activities.Pki.Crypto;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Pki.Issuing;

/// <summary>
/// Issues a host certificate (server and client auth) signed by a vault CA. The stored certificate
/// is kept while it is signed by the current CA, carries exactly the requested names and key type
/// and is not about to expire; otherwise a new key and certificate replace it.
/// </summary>
[Activity("pki.issueCertificate", 1, Category = ActivityCategories.Pki, InputErrorCode = "pki.bad-input",
    Description = "Issues or renews a TLS certificate with DNS and IP names, signed by a vault CA; the key stays in the vault.")]
public sealed class IssueCertificate : IActivity<IssueCertificateInput, IssueCertificateOutput>
{
    public async Task<ActivityResult<IssueCertificateOutput>> ExecuteAsync(
        IssueCertificateInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (input.RenewBefore < TimeSpan.Zero || input.RenewBefore >= input.Validity)
        {
            throw new NonRetryableActivityException("pki.bad-input", "renewBefore must be at least zero and shorter than validity");
        }

        var names = SubjectNames.FromInput(input);
        var vault = Vault.Require(context);
        var now = context.Time.GetUtcNow();
        var keySecret = SecretNames.LeafKey(input.Ca, input.CommonName);
        var certificateSecret = SecretNames.LeafCertificate(input.Ca, input.CommonName);

        using var ca = await CertificateAuthorityStore.TryLoadAsync(vault, input.Ca, cancellationToken);
        using var stored = Certificates.TryLoad(
            await vault.GetAsync(certificateSecret, cancellationToken),
            await vault.GetAsync(keySecret, cancellationToken));

        var reason = ca is null ? "the CA does not exist yet" : ReissueReason(stored, ca, names, input, now);
        if (reason is null)
        {
            context.Log.Info($"certificate '{input.CommonName}' is current (fingerprint {Certificates.Fingerprint(stored!)}, valid until {stored!.NotAfter.ToUniversalTime():u})");
            return ActivityResult.Unchanged(Output(stored, ca!, names, keySecret, certificateSecret));
        }

        if (context.CheckMode)
        {
            context.Log.Info($"check mode: would issue certificate '{input.CommonName}' ({reason})");
            return ActivityResult.Changed(new IssueCertificateOutput
            {
                CertificatePem = "",
                CaPem = ca is null ? "" : Certificates.Pem(ca),
                KeySecret = keySecret,
                CertificateSecret = certificateSecret,
                Fingerprint = "",
                Sans = names.Display(),
            });
        }

        if (ca is null)
        {
            throw new NonRetryableActivityException("pki.no-ca", $"CA '{input.Ca}' was not found in the secret vault (create it first with pki.createCa)");
        }

        var issued = LeafCertificateFactory.Issue(ca, names, input.KeyAlgorithm, now, input.Validity);
        using var certificate = issued.Certificate;
        cancellationToken.ThrowIfCancellationRequested();

        // Key first: a certificate in the vault then always has its key next to it.
        await vault.SetAsync(keySecret, issued.KeyPem, cancellationToken);
        await vault.SetAsync(certificateSecret, Certificates.VaultForm(certificate), cancellationToken);
        context.Log.Info($"issued certificate '{input.CommonName}' ({reason}): {string.Join(", ", names.Display())}, fingerprint {Certificates.Fingerprint(certificate)}, valid until {certificate.NotAfter.ToUniversalTime():u}");
        return ActivityResult.Changed(Output(certificate, ca, names, keySecret, certificateSecret));
    }

    private static string? ReissueReason(X509Certificate2? stored, X509Certificate2 ca, SubjectNames wanted, IssueCertificateInput input, DateTimeOffset now)
    {
        if (stored is null)
        {
            return "no certificate is stored";
        }

        if (input.Reissue)
        {
            return "re-issue requested";
        }

        if (Certificates.ChainProblems(stored, ca, now) is { Length: > 0 } problems)
        {
            return $"it does not verify against the current CA ({string.Join(", ", problems)})";
        }

        if (!SubjectNames.FromCertificate(stored, input.CommonName).SameAs(wanted) || !Certificates.HasCommonName(stored, input.CommonName))
        {
            return "its names differ";
        }

        if (!KeyAlgorithms.Matches(stored, input.KeyAlgorithm))
        {
            return $"its key is not {input.KeyAlgorithm}";
        }

        return Certificates.NotAfter(stored) - input.RenewBefore <= now ? "it expires within renewBefore" : null;
    }

    private static IssueCertificateOutput Output(X509Certificate2 certificate, X509Certificate2 ca, SubjectNames names, string keySecret, string certificateSecret) => new()
    {
        CertificatePem = Certificates.Pem(certificate),
        CaPem = Certificates.Pem(ca),
        KeySecret = keySecret,
        CertificateSecret = certificateSecret,
        Fingerprint = Certificates.Fingerprint(certificate),
        NotAfter = Certificates.NotAfter(certificate),
        Sans = names.Display(),
    };
}
