namespace ClusterWorkflows.Server.Hardening;

/// <summary>
/// Browser protections on every response — the API, the API docs page, hooks and errors, not only
/// the designer's pages: no MIME sniffing, no framing (X-Frame-Options and CSP frame-ancestors),
/// no referrer. A page with its own policy (the designer's) keeps it; the docs page has inline
/// scripts, so nothing else is restricted here.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
