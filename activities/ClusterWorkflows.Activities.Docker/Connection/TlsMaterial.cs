using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Sdk.Tls;

namespace ClusterWorkflows.Activities.Docker.Connection;

/// <summary>The endpoint connection's parsed TLS material: the only trusted CA and the client certificate with its key.</summary>
internal sealed class TlsMaterial : IDisposable
{
    private X509Certificate2? ca;
    private X509Certificate2? client;

    private TlsMaterial(Uri endpoint, X509Certificate2 ca, X509Certificate2 client, string fingerprint)
    {
        Endpoint = endpoint;
        this.ca = ca;
        this.client = client;
        Fingerprint = fingerprint;
    }

    public Uri Endpoint { get; }

    /// <summary>A hash over endpoint, CA, certificate and key: the cache key of a client (never the key itself).</summary>
    public string Fingerprint { get; }

    public static async Task<TlsMaterial> LoadAsync(DockerConnection connection, ActivityContext context, CancellationToken cancellationToken)
    {
        var endpoint = ParseEndpoint(connection.Endpoint!);
        var caPem = Require(connection.CaCertificatePem, "connection.caCertificatePem");
        var certificatePem = Require(connection.ClientCertificatePem, "connection.clientCertificatePem");
        var secret = Require(connection.ClientKeySecret, "connection.clientKeySecret");
        var vault = context.Secrets ?? throw new NonRetryableActivityException(
            "docker.no-vault", "connection.clientKeySecret: no secret vault is available to this run; the client key is read only from the vault");
        var keyPem = await vault.GetAsync(secret, cancellationToken)
            ?? throw new NonRetryableActivityException("docker.bad-input", $"connection.clientKeySecret: the vault has no secret named '{secret}'");
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{endpoint}\n{caPem}\n{certificatePem}\n{keyPem}")));
        var ca = PrivateCaTls.ReadCertificate(caPem, "connection.caCertificatePem", "docker.bad-input");
        try
        {
            return new TlsMaterial(endpoint, ca, PrivateCaTls.ReadClientCertificate(certificatePem, keyPem, "connection.clientCertificatePem/clientKeySecret", "docker.bad-input"), fingerprint);
        }
        catch
        {
            ca.Dispose();
            throw;
        }
    }

    private static Uri ParseEndpoint(string endpoint)
    {
        // Docker.DotNet switches tcp:// to https when the credentials are TLS ones; https:// is accepted as the same thing.
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "tcp" && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Port <= 0 || (uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort && !endpoint.Contains(":443", StringComparison.Ordinal)))
        {
            throw new NonRetryableActivityException("docker.bad-input", $"connection.endpoint: '{endpoint}' is not a tcp://host:port address");
        }

        return new Uri($"tcp://{uri.Authority}");
    }

    private static string Require(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new NonRetryableActivityException("docker.bad-input", $"{field} is required with connection.endpoint (TLS with a client certificate)")
            : value;

    /// <summary>Hands the certificates to a longer-lived owner; this object then disposes nothing.</summary>
    public (X509Certificate2 Ca, X509Certificate2 Client) Detach()
    {
        var pair = (ca ?? throw new ObjectDisposedException(nameof(TlsMaterial)), client!);
        ca = null;
        client = null;
        return pair;
    }

    public void Dispose()
    {
        ca?.Dispose();
        client?.Dispose();
    }
}
