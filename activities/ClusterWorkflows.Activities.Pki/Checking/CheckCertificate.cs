using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Activities.Pki.Crypto;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Pki.Checking;

/// <summary>Read-only: verifies a PEM certificate (and chain) against a CA and reports the days left.</summary>
[Activity("pki.checkCertificate", 1, Category = ActivityCategories.Pki,
    Description = "Verifies a PEM certificate against a CA certificate and reports how many days it has left.")]
public sealed class CheckCertificate : IActivity<CheckCertificateInput, CheckCertificateOutput>
{
    public Task<ActivityResult<CheckCertificateOutput>> ExecuteAsync(CheckCertificateInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var bundle = Read(input.CertificatePem, "certificatePem");
        var leaf = bundle[0];
        using var ca = Read(input.CaPem, "caPem")[0];
        var now = context.Time.GetUtcNow();
        try
        {
            var problems = Certificates.ChainProblems(leaf, ca, now, bundle[1..]).Select(p => p.ToString()).ToArray();
            var notAfter = Certificates.NotAfter(leaf);
            var daysLeft = (int)Math.Floor((notAfter - now).TotalDays);
            var output = new CheckCertificateOutput
            {
                Valid = problems.Length == 0,
                DaysLeft = daysLeft,
                NotAfter = notAfter,
                Subject = leaf.Subject,
                Problems = problems,
            };
            context.Log.Info($"{leaf.Subject}: {(output.Valid ? "valid" : "invalid (" + string.Join(", ", problems) + ")")}, {daysLeft} day(s) left");
            if (input.FailWithin is { } within && (!output.Valid || notAfter - within <= now))
            {
                throw new ActivityException("pki.certificate-invalid",
                    output.Valid ? $"{leaf.Subject} expires in {daysLeft} day(s), within {Duration.Format(within)}" : $"{leaf.Subject} does not verify: {string.Join(", ", problems)}");
            }

            return Task.FromResult(ActivityResult.Unchanged(output));
        }
        finally
        {
            foreach (var certificate in bundle)
            {
                certificate.Dispose();
            }
        }
    }

    private static X509Certificate2[] Read(string pem, string field)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new NonRetryableActivityException("pki.bad-input", $"{field}: not a PEM certificate ({ex.Message})");
        }

        return collection.Count > 0
            ? [.. collection]
            : throw new NonRetryableActivityException("pki.bad-input", $"{field}: contains no PEM certificate");
    }
}
