namespace ClusterWorkflows.Activities.Core.Http;

internal static class HttpMethods
{
    public static bool IsGetOrHead(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head;

    /// <summary>Whether a successful request of this method is assumed to change the server.</summary>
    public static bool Changes(HttpMethod method) => !IsGetOrHead(method) && method != HttpMethod.Options;
}
