using System.Text.Json.Nodes;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Inventory;
using ClusterWorkflows.Runtime.Scheduling;
using ClusterWorkflows.Server.Auth;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Server.Errors;
using ClusterWorkflows.Server.Settings;

namespace ClusterWorkflows.Server.Api;

/// <summary>The activity catalog, schedules and the inventory.</summary>
public static class CatalogApi
{
    private static readonly string[] ReasonFields = ["reason"];
    private static readonly string[] InventoryFields = ["content"];

    public static void MapCatalog(this IEndpointRouteBuilder api)
    {
        api.MapGet("/activities", (EngineHost host) => Results.Json(new JsonArray([.. host.Services.Catalog.Descriptors
                .OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.Reference, StringComparer.Ordinal)
                .Select(d => d.ToJson())])))
            .RequireAuthorization(Roles.Viewer).WithTags("Activities")
            .WithSummary("Every activity with its category and the JSON Schema of its inputs and outputs (the designer's palette and forms).");

        var schedules = api.MapGroup("/schedules").WithTags("Schedules");
        schedules.MapGet("", async (HttpRequest request, EngineHost host, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var next = RunsApi.QueryInt(request.Query["next"], "next", 3, 0, 50, errors);
                errors.ThrowIfAny();
                var upcoming = await Scheduler(host).UpcomingAsync(next, ct);
                return Results.Json(new JsonArray([.. upcoming.Select(u => Views.Schedule(u.Schedule, u.Next))]));
            })
            .RequireAuthorization(Roles.Viewer).WithSummary("Cron schedules with their next fires.");
        schedules.MapPost("/{**id}", async (string id, HttpContext context, EngineHost host, CancellationToken ct) =>
            {
                var pause = id.EndsWith("/pause", StringComparison.Ordinal);
                if (!pause && !id.EndsWith("/resume", StringComparison.Ordinal))
                {
                    throw ApiException.NotFound("Use POST /api/schedules/{id}/pause or /resume.");
                }

                var scheduleId = id[..id.LastIndexOf('/')];
                var body = context.Request.ContentLength is 0 && context.Request.ContentType is null ? [] : await RequestJson.ReadObjectAsync(context.Request, ReasonFields, ct);
                var errors = new FieldErrors();
                var reason = RequestJson.String(body, "reason", errors, maxLength: 2000);
                errors.ThrowIfAny();
                var scheduler = Scheduler(host);
                var found = pause
                    ? await scheduler.PauseAsync(scheduleId, context.User.Actor(), reason, ct)
                    : await scheduler.ResumeAsync(scheduleId, context.User.Actor(), reason, ct);
                if (!found)
                {
                    throw ApiException.NotFound($"There is no schedule '{scheduleId}'.");
                }

                AuditTrail.MarkWritten(context);
                var schedule = await host.Services.Store.GetScheduleAsync(scheduleId, ct);
                return Results.Json(Views.Schedule(schedule!, []));
            })
            .RequireAuthorization(Roles.Admin).WithSummary("Pause or resume a schedule: POST /api/schedules/{id}/pause or /resume (ids contain a '/').");

        var inventory = api.MapGroup("/inventory").WithTags("Inventory");
        inventory.MapGet("", (ServerOptions options) =>
            {
                if (options.InventoryFile is not { } path)
                {
                    throw ApiException.NotFound("The server has no inventory (set CW_INVENTORY).");
                }

                var loaded = InventoryLoader.LoadFile(path);
                return loaded.Inventory is { } resolved
                    ? Results.Json(new JsonObject { ["file"] = Path.GetFileName(path), ["inventory"] = resolved.ToJson() })
                    : throw new ApiException(StatusCodes.Status500InternalServerError, $"The server's inventory is invalid: {string.Join("; ", loaded.Errors.Take(5))}");
            })
            .RequireAuthorization(Roles.Viewer).WithSummary("The server's inventory: hosts, groups and variables (secret values are never shown, only their names).");
        inventory.MapPost("/validate", async (HttpContext context, CancellationToken ct) =>
            {
                var body = await RequestJson.ReadObjectAsync(context.Request, InventoryFields, ct);
                var errors = new FieldErrors();
                var content = RequestJson.String(body, "content", errors, required: true, maxLength: 2_000_000);
                errors.ThrowIfAny();
                var result = InventoryLoader.Parse(content!, "content");
                var shown = ErrorCap.Limit(result.Errors, out var more);
                return Results.Json(new JsonObject
                {
                    ["valid"] = result.Errors.Count == 0,
                    ["moreErrors"] = more,
                    ["errors"] = new JsonArray([.. shown.Select(e => new JsonObject { ["line"] = e.Line, ["column"] = e.Column, ["message"] = e.Message })]),
                    ["hosts"] = result.Inventory?.Hosts.Count ?? 0,
                });
            })
            .RequireAuthorization(Roles.Viewer).WithSummary("Validate inventory YAML without keeping it.");
    }

    private static Scheduler Scheduler(EngineHost host) => new(host.Services, host.Engine, host.Services.Options.WorkerId);
}
