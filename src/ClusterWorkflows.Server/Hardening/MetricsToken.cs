using System.Security.Cryptography;
using System.Text;

namespace ClusterWorkflows.Server.Hardening;

/// <summary>
/// /metrics is open by default (counts and runbook ids, no secrets; Prometheus scrapes it from
/// inside the network). With CW_METRICS_TOKEN set it answers only <c>Authorization: Bearer
/// &lt;that token&gt;</c> (Prometheus' <c>authorization</c> setting), compared in constant time.
/// </summary>
public sealed class MetricsToken(RequestDelegate next, string token)
{
    private readonly byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/metrics") || Matches(context.Request.Headers.Authorization.ToString()))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private bool Matches(string header) =>
        header.StartsWith("Bearer ", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())), expected);
}
