using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Sdk.Tls;
using Grpc.Net.Client;

namespace ClusterWorkflows.Activities.Etcd.Connection;

/// <summary>Opens a gRPC channel to one endpoint over TLS, trusting only the given CA.</summary>
public static class EtcdChannel
{
    /// <summary>
    /// A channel to <paramref name="endpoint"/> that trusts only <paramref name="ca"/> and presents
    /// <paramref name="client"/> when given (null: no client certificate, which a client-cert-auth server refuses).
    /// </summary>
    public static GrpcChannel Open(Uri endpoint, X509Certificate2 ca, X509Certificate2? client)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(ca);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = client is null ? null : new X509CertificateCollection { client },
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => PrivateCaTls.Trusted(ca, certificate, errors),
            },
        };
        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
