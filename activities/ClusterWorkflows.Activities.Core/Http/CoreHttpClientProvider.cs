using System.Net;

namespace ClusterWorkflows.Activities.Core.Http;

/// <summary>The default client: pooled connections recycled often enough to follow DNS changes.</summary>
public sealed class CoreHttpClientProvider : ICoreHttpClientProvider, IDisposable
{
    public CoreHttpClientProvider()
    {
        // The per-request timeout comes from the activity input, so the client itself never times out.
        Client = new HttpClient(CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    public static SocketsHttpHandler CreateHandler() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(15),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ResponseDrainTimeout = TimeSpan.FromSeconds(2),
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 10,
    };

    public void Dispose() => Client.Dispose();
}
