using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace ClusterWorkflows.Activities.Pki.Checking;

public sealed record CheckCertificateInput
{
    [Description("The certificate to check, PEM; intermediate certificates may follow it.")]
    [MinLength(1)]
    public required string CertificatePem { get; init; }

    [Description("The trusted CA certificate, PEM.")]
    [MinLength(1)]
    public required string CaPem { get; init; }

    [Description("Fail when the certificate is invalid or expires within this time; when not set, only report.")]
    public TimeSpan? FailWithin { get; init; }
}

public sealed record CheckCertificateOutput
{
    [Description("True when the certificate chains to the CA and is within its validity period.")]
    public required bool Valid { get; init; }

    [Description("Whole days until the certificate expires (negative once expired).")]
    public required int DaysLeft { get; init; }

    [Description("End of the certificate's validity (UTC).")]
    public required DateTimeOffset NotAfter { get; init; }

    [Description("The certificate's subject.")]
    public required string Subject { get; init; }

    [Description("Why the chain does not verify; empty when valid.")]
    public required string[] Problems { get; init; }
}
