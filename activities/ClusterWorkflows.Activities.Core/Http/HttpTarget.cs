using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Http;

internal static class HttpTarget
{
    public static Uri Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new NonRetryableActivityException("http.bad-url", $"url '{Describe(url)}' is not an absolute http or https URL");
        }

        return uri;
    }

    /// <summary>
    /// The URL as shown in logs and errors: no user info and no query, both of which often carry
    /// credentials (webhook tokens, basic auth).
    /// </summary>
    public static string Display(Uri uri)
    {
        var builder = new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" };
        var text = builder.Uri.GetLeftPart(UriPartial.Path);
        return string.IsNullOrEmpty(uri.Query) ? text : text + "?...";
    }

    private static string Describe(string url)
    {
        // Unparseable input cannot be cleaned reliably: show only its start.
        var cut = url.IndexOfAny(['?', '@']);
        var head = cut >= 0 ? url[..cut] + "..." : url;
        return head.Length > 80 ? head[..80] + "..." : head;
    }
}
