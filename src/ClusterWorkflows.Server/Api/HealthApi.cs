using ClusterWorkflows.Server.Engine;

namespace ClusterWorkflows.Server.Api;

/// <summary>
/// /healthz: the process answers (liveness). /readyz: the engine is started and the database
/// answers within a few seconds (readiness; a load balancer sends traffic only then).
/// </summary>
public static class HealthApi
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", async (EngineHost host, CancellationToken ct) =>
            {
                if (!host.IsStarted)
                {
                    return Results.Text("engine starting\n", statusCode: StatusCodes.Status503ServiceUnavailable);
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                try
                {
                    await host.Services.Store.SchemaVersionAsync(timeout.Token);
                    return Results.Text("ready\n");
                }
                catch (Exception ex) when (ex is not OperationCanceledException || timeout.IsCancellationRequested)
                {
                    return Results.Text("database unavailable\n", statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            })
            .AllowAnonymous().ExcludeFromDescription();
    }
}
