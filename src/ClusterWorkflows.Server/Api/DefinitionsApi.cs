using System.Text.Json.Nodes;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Server.Auth;
using ClusterWorkflows.Server.Definitions;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Server.Errors;

namespace ClusterWorkflows.Server.Api;

/// <summary>/api/definitions: saved runbook versions; saving makes a new immutable version.</summary>
public static class DefinitionsApi
{
    private static readonly string[] SaveFields = ["content", "message"];
    private static readonly string[] ValidateFields = ["content"];

    public static void MapDefinitions(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/definitions").WithTags("Definitions");
        group.MapGet("", ListAsync).RequireAuthorization(Roles.Viewer).WithSummary("The newest version of every runbook, with its last run.");
        group.MapGet("/files", (WorkflowFolder folder) => Results.Json(new JsonArray([.. folder.Files.Select(FileView)])))
            .RequireAuthorization(Roles.Viewer).WithSummary("How each file of the workflows folder loaded.");
        group.MapPost("", SaveAsync).RequireAuthorization(Roles.Admin).WithSummary("Save runbook text as a new version.");
        group.MapPost("/validate", ValidateAsync).RequireAuthorization(Roles.Viewer).WithSummary("Validate runbook text without saving it.");
        group.MapGet("/{id}", (string id, EngineHost host, CancellationToken ct) => GetAsync(id, null, host, ct)).RequireAuthorization(Roles.Viewer).WithSummary("The newest version, with its text.");
        group.MapGet("/{id}/versions", VersionsAsync).RequireAuthorization(Roles.Viewer).WithSummary("Every version of a runbook.");
        group.MapGet("/{id}/versions/{version:int}", (string id, int version, EngineHost host, CancellationToken ct) => GetAsync(id, version, host, ct))
            .RequireAuthorization(Roles.Viewer).WithSummary("One version, with its text.");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Roles.Admin).WithSummary("Delete a runbook (runs pinned to its versions go on).");
    }

    private static async Task<IResult> ListAsync(EngineHost host, CancellationToken ct)
    {
        var items = new JsonArray();
        foreach (var record in await host.Services.Store.ListDefinitionsAsync(ct))
        {
            var view = Views.Definition(record, content: false);
            var last = await host.Services.Store.ListRunsAsync(new Store.RunQuery { DefinitionId = record.Id, Limit = 1 }, ct);
            view["lastRun"] = last.Count == 0 ? null : new JsonObject { ["id"] = last[0].Id.ToString(), ["status"] = Views.Name(last[0].Status), ["createdAt"] = last[0].CreatedAt };
            if (await host.Services.Definitions.GetAsync(record.Id, record.Version, ct) is { } definition)
            {
                view["description"] = definition.Description;
                view["triggers"] = new JsonArray([.. definition.Triggers.Select(TriggerView)]);
            }

            items.Add(view);
        }

        return Results.Json(items);
    }

    private static async Task<IResult> GetAsync(string id, int? version, EngineHost host, CancellationToken ct)
    {
        var record = await host.Services.Store.GetDefinitionAsync(id, version, ct)
            ?? throw ApiException.NotFound(version is null ? $"There is no runbook '{id}'." : $"There is no version {version} of '{id}'.");
        return Results.Json(Views.Definition(record, content: true));
    }

    private static async Task<IResult> VersionsAsync(string id, EngineHost host, CancellationToken ct)
    {
        var versions = await host.Services.Store.ListDefinitionVersionsAsync(id, ct);
        if (versions.Count == 0)
        {
            throw ApiException.NotFound($"There is no runbook '{id}'.");
        }

        return Results.Json(new JsonArray([.. versions.OrderByDescending(v => v.Version).Select(v => Views.Definition(v, content: false))]));
    }

    private static async Task<IResult> SaveAsync(HttpContext context, EngineHost host, DefinitionService definitions, CancellationToken ct)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, SaveFields, ct);
        var errors = new FieldErrors();
        var content = RequestJson.String(body, "content", errors, required: true, maxLength: 2_000_000);
        var message = RequestJson.String(body, "message", errors, maxLength: 1000);
        errors.ThrowIfAny();
        var outcome = await definitions.SaveAsync(content!, null, ct);
        await AuditTrail.WriteAsync(context, host, "definition.save", reason: message, details: new JsonObject
        {
            ["workflow"] = outcome.Record.Id,
            ["version"] = outcome.Record.Version,
            ["created"] = outcome.Created,
        });
        var view = Views.Definition(outcome.Record, content: true);
        view["created"] = outcome.Created;
        view["note"] = outcome.Note;
        return outcome.Created
            ? Results.Json(view, statusCode: StatusCodes.Status201Created)
            : Results.Json(view);
    }

    private static async Task<IResult> ValidateAsync(HttpContext context, DefinitionService definitions, CancellationToken ct)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, ValidateFields, ct);
        var errors = new FieldErrors();
        var content = RequestJson.String(body, "content", errors, required: true, maxLength: 2_000_000);
        errors.ThrowIfAny();
        var all = await definitions.ValidateAsync(content!, "content", ct);
        var diagnostics = ErrorCap.Limit(all, out var more);
        return Results.Json(new JsonObject
        {
            ["valid"] = all.Count == 0,
            ["moreDiagnostics"] = more,
            ["diagnostics"] = new JsonArray([.. diagnostics.Select(d => new JsonObject
            {
                ["code"] = d.Code,
                ["message"] = d.Message,
                ["line"] = d.Location.Line,
                ["column"] = d.Location.Column,
                ["step"] = d.StepPath,
            })]),
        });
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, EngineHost host, DefinitionService definitions, CancellationToken ct)
    {
        if (!await definitions.DeleteAsync(id, ct))
        {
            throw ApiException.NotFound($"There is no runbook '{id}'.");
        }

        await AuditTrail.WriteAsync(context, host, "definition.delete", details: new JsonObject { ["workflow"] = id });
        return Results.NoContent();
    }

    private static JsonObject TriggerView(ClusterWorkflows.Definitions.Model.TriggerDefinition trigger) => trigger switch
    {
        ClusterWorkflows.Definitions.Model.CronTrigger cron => new JsonObject { ["kind"] = "cron", ["cron"] = cron.Schedule, ["timeZone"] = cron.TimeZone, ["name"] = cron.Name },
        ClusterWorkflows.Definitions.Model.HttpTrigger http => new JsonObject { ["kind"] = "http", ["path"] = "/hooks" + http.Path, ["methods"] = new JsonArray([.. http.Methods.Select(m => JsonValue.Create(m))]), ["auth"] = http.Auth },
        _ => new JsonObject { ["kind"] = "unknown" },
    };

    private static JsonObject FileView(FolderFile file) => new()
    {
        ["file"] = file.Path,
        ["ok"] = file.Ok,
        ["workflow"] = file.Workflow,
        ["version"] = file.Version,
        ["problems"] = new JsonArray([.. file.Problems.Select(p => JsonValue.Create(p))]),
        ["loadedAt"] = file.LoadedAt,
    };
}
