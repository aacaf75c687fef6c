namespace ClusterWorkflows.Server.Designer;

/// <summary>
/// Browser protections for the designer's pages: everything from this server only (scripts, styles,
/// fonts, the editor's web workers, API calls), no framing, no MIME sniffing, no referrer. The API,
/// hooks and the API docs page are left alone (the docs page has inline scripts).
/// </summary>
public sealed class DesignerHeaders(RequestDelegate next)
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!(path.StartsWithSegments("/api") || path.StartsWithSegments("/hooks") || path.StartsWithSegments("/metrics")
            || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz")))
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.ContentSecurityPolicy = Policy;
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers["Referrer-Policy"] = "no-referrer";
                context.Response.Headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
