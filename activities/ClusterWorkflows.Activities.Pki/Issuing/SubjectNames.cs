using System.Net;
using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Pki.Issuing;

/// <summary>The normalised set of names a certificate carries, compared to decide whether to re-issue.</summary>
internal sealed record SubjectNames(string CommonName, IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> IpAddresses)
{
    public static SubjectNames FromInput(IssueCertificateInput input)
    {
        var dns = new List<string>();
        for (var i = 0; i < input.DnsNames.Length; i++)
        {
            var name = input.DnsNames[i]?.Trim() ?? "";
            if (name.Length == 0 || Uri.CheckHostName(name.Replace("*.", "", StringComparison.Ordinal)) != UriHostNameType.Dns)
            {
                throw new NonRetryableActivityException("pki.bad-input", $"dnsNames[{i}]: '{name}' is not a DNS name");
            }

            dns.Add(name.ToLowerInvariant());
        }

        var ips = new List<IPAddress>();
        for (var i = 0; i < input.IpAddresses.Length; i++)
        {
            if (!IPAddress.TryParse(input.IpAddresses[i]?.Trim(), out var ip))
            {
                throw new NonRetryableActivityException("pki.bad-input", $"ipAddresses[{i}]: '{input.IpAddresses[i]}' is not an IP address");
            }

            ips.Add(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);
        }

        return Normalised(input.CommonName, dns, ips);
    }

    public static SubjectNames FromCertificate(X509Certificate2 certificate, string commonName)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var dns = extension?.EnumerateDnsNames().Select(n => n.ToLowerInvariant()).ToList() ?? [];
        var ips = extension?.EnumerateIPAddresses().ToList() ?? [];
        return Normalised(commonName, dns, ips);
    }

    public bool SameAs(SubjectNames other) =>
        CommonName == other.CommonName && DnsNames.SequenceEqual(other.DnsNames) && IpAddresses.SequenceEqual(other.IpAddresses);

    public string[] Display() => [.. DnsNames.Select(n => $"DNS:{n}"), .. IpAddresses.Select(ip => $"IP:{ip}")];

    public X509Extension ToExtension()
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in DnsNames)
        {
            builder.AddDnsName(name);
        }

        foreach (var ip in IpAddresses)
        {
            builder.AddIpAddress(ip);
        }

        return builder.Build();
    }

    // Order and duplicates do not matter to a TLS client, so they must not trigger a re-issue.
    private static SubjectNames Normalised(string commonName, IEnumerable<string> dns, IEnumerable<IPAddress> ips) => new(
        commonName,
        dns.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        ips.DistinctBy(ip => ip.ToString()).OrderBy(ip => ip.ToString(), StringComparer.Ordinal).ToList());
}
