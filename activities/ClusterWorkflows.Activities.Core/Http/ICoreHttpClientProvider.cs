namespace ClusterWorkflows.Activities.Core.Http;

/// <summary>
/// Supplies the HttpClient used by <c>core.http</c>. IHttpClientFactory is not available to
/// activity libraries, so one long-lived client is shared instead of one per request.
/// </summary>
public interface ICoreHttpClientProvider
{
    HttpClient Client { get; }
}
