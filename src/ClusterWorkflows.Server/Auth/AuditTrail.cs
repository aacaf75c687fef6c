using System.Text.Json.Nodes;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Server.Settings;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Auth;

/// <summary>
/// Every mutating call lands in the audit log: who (token or user), what, when and from where.
/// Handlers write their own record with the meaning of the call (run.start, definition.save, ...);
/// for any other mutating call — refused ones included — this middleware writes a generic record
/// with the method, path (cut to <see cref="ServerLimits.MaxAuditPathLength"/>) and status; calls
/// without credentials only within <see cref="AnonymousAuditBudget"/>. It sits outside the error
/// handler so it sees final statuses.
/// </summary>
public sealed class AuditTrail(RequestDelegate next, ILogger<AuditTrail> logger)
{
    private const string Written = "cw.audit.written";

    private readonly AnonymousAuditBudget anonymous = new(ServerLimits.AnonymousAuditsPerWindow, ServerLimits.AnonymousAuditWindow);

    public async Task InvokeAsync(HttpContext context, EngineHost host)
    {
        if (!IsMutating(context.Request.Method) || !(context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hooks")))
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            if (!context.Items.ContainsKey(Written) && host.IsStarted)
            {
                try
                {
                    await AppendGenericAsync(context, host);
                }
                catch (Exception ex)
                {
                    logger.LogError("could not write the audit record of {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, ex.Message);
                }
            }
        }
    }

    private async Task AppendGenericAsync(HttpContext context, EngineHost host)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            var now = host.Services.Time.GetUtcNow();
            if (!anonymous.TryTake(now, out var droppedEarlier, out var since))
            {
                return;
            }

            if (droppedEarlier > 0)
            {
                logger.LogWarning("{Count} calls without credentials since {Since} were not audited (more than {Limit} a minute)", droppedEarlier, since, ServerLimits.AnonymousAuditsPerWindow);
                await AppendAsync(context, host, "http.anonymous-not-audited", null, null, new JsonObject { ["count"] = droppedEarlier, ["since"] = since });
            }
        }

        await AppendAsync(context, host, $"http.{context.Request.Method.ToLowerInvariant()}", null, null,
            new JsonObject { ["path"] = Cut(context.Request.Path.Value ?? "", ServerLimits.MaxAuditPathLength), ["status"] = context.Response.StatusCode });
    }

    /// <summary>The start of <paramref name="text"/>, marked as cut, with its full length.</summary>
    public static string Cut(string text, int max) =>
        text.Length <= max ? text : $"{text[..max]}… ({text.Length} characters)";

    /// <summary>Writes the handler's own record for this call (and no generic one).</summary>
    public static Task WriteAsync(HttpContext context, EngineHost host, string action, Guid? runId = null, string? reason = null, JsonObject? details = null) =>
        AppendAsync(context, host, action, runId, reason, details);

    /// <summary>Marks the call as audited by a lower layer (the engine writes run.start and alteration records itself).</summary>
    public static void MarkWritten(HttpContext context) => context.Items[Written] = true;

    /// <summary>"From where": the client address, and how it authenticated.</summary>
    public static string Source(HttpContext context) =>
        $"{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"} ({context.User.Via() ?? "no credentials"})";

    private static async Task AppendAsync(HttpContext context, EngineHost host, string action, Guid? runId, string? reason, JsonObject? details)
    {
        context.Items[Written] = true;
        await host.Services.Store.AppendAuditAsync(
            new AuditRecord(0, host.Services.Time.GetUtcNow(), context.User.Actor(), action, runId, null, reason is null ? null : Cut(reason, ServerLimits.MaxAuditReasonLength), details, Source(context)),
            CancellationToken.None);
    }

    private static bool IsMutating(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
}
