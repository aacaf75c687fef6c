using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Sdk.Tls;

namespace ClusterWorkflows.Activities.Etcd.Connection;

/// <summary>The parsed connection: endpoints, trusted CA and the client certificate with its key.</summary>
internal sealed class EtcdCredentials : IDisposable
{
    private EtcdCredentials(Uri[] endpoints, X509Certificate2 ca, X509Certificate2 client)
    {
        Endpoints = endpoints;
        Ca = ca;
        Client = client;
    }

    public Uri[] Endpoints { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Client { get; }

    public static async Task<EtcdCredentials> LoadAsync(IEtcdConnectionInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = input.Connection;
        var endpoints = ParseEndpoints(connection.Endpoints);
        var vault = context.Secrets ?? throw new NonRetryableActivityException(
            "etcd.no-vault", "no secret vault is available to this run; the etcd client key is read only from the vault");
        var keyPem = await vault.GetAsync(connection.ClientKeySecret, cancellationToken)
            ?? throw new NonRetryableActivityException("etcd.bad-input", $"connection.clientKeySecret: the vault has no secret named '{connection.ClientKeySecret}'");
        var ca = PrivateCaTls.ReadCertificate(connection.CaCertificatePem, "connection.caCertificatePem", "etcd.bad-input");
        try
        {
            return new EtcdCredentials(endpoints, ca, PrivateCaTls.ReadClientCertificate(connection.ClientCertificatePem, keyPem, "connection.clientCertificatePem/clientKeySecret", "etcd.bad-input"));
        }
        catch
        {
            ca.Dispose();
            throw;
        }
    }

    private static Uri[] ParseEndpoints(string[] endpoints)
    {
        var result = new Uri[endpoints.Length];
        for (var i = 0; i < endpoints.Length; i++)
        {
            // Plain http would send the client certificate nowhere and the data in the clear.
            if (!Uri.TryCreate(endpoints[i], UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.IsDefaultPort)
            {
                throw new NonRetryableActivityException("etcd.bad-input", $"connection.endpoints[{i}]: '{endpoints[i]}' is not an https://host:port URL");
            }

            result[i] = uri;
        }

        return result;
    }

    public void Dispose()
    {
        Ca.Dispose();
        Client.Dispose();
    }
}
