using System.Text.Json.Nodes;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Inventory;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Server.Auth;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Server.Errors;
using ClusterWorkflows.Server.Settings;
using ClusterWorkflows.Server.Telemetry;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Api;

/// <summary>/api/runs: start runs, read them (journal, incidents, logs) and alter them.</summary>
public static class RunsApi
{
    private static readonly string[] StartFields = ["workflow", "version", "inputs", "checkMode", "inventory"];

    public static void MapRuns(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/runs").WithTags("Runs");
        group.MapPost("", StartAsync).RequireAuthorization(Roles.Operator).WithSummary("Start a run; inputs are checked against the runbook's declared inputs.");
        group.MapGet("", ListAsync).RequireAuthorization(Roles.Viewer).WithSummary("Runs, newest first, filtered and paged.");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Roles.Viewer).WithSummary("A run with one page of its journal (?stepsOffset=, ?stepsLimit=; follow stepsNext), its open incidents and waiting approvals.");
        group.MapGet("/{id:guid}/logs", LogsAsync).RequireAuthorization(Roles.Viewer).WithSummary("Log lines after a sequence, optionally of one step, paged.");
        group.MapRunAlterations();
    }

    private static async Task<IResult> StartAsync(HttpContext context, EngineHost host, ServerOptions options, RunTelemetry telemetry, CancellationToken ct)
    {
        var body = await RequestJson.ReadObjectAsync(context.Request, StartFields, ct);
        var errors = new FieldErrors();
        var workflow = RequestJson.String(body, "workflow", errors, required: true, maxLength: ClusterWorkflows.Definitions.Limits.InputLimits.MaxWorkflowIdLength);
        var version = RequestJson.Int(body, "version", errors, 1, int.MaxValue);
        var inputs = RequestJson.Object(body, "inputs", errors) ?? [];
        var checkMode = RequestJson.Bool(body, "checkMode", errors) ?? false;
        var inventory = RequestJson.String(body, "inventory", errors, maxLength: 2_000_000);
        if (inventory is not null)
        {
            foreach (var problem in InventoryLoader.Parse(inventory, "inventory").Errors)
            {
                errors.Add("inventory", problem.Line > 0 ? $"line {problem.Line}, column {problem.Column}: {problem.Message}" : problem.Message);
            }
        }

        errors.ThrowIfAny();

        var run = await host.Engine.StartRunAsync(new StartRunRequest
        {
            DefinitionId = workflow!,
            Version = version,
            Inputs = (JsonObject)inputs.DeepClone(),
            CheckMode = checkMode,
            Inventory = inventory ?? DefaultInventory(options),
            Actor = context.User.Actor(),
            TriggeredBy = "api",
            Source = AuditTrail.Source(context),
        }, ct);
        AuditTrail.MarkWritten(context);
        telemetry.RunCreated("api");
        return Results.Json(Views.Run(run), statusCode: StatusCodes.Status201Created, contentType: null);
    }

    /// <summary>The configured inventory file, as it is now (a run keeps its own copy).</summary>
    public static string? DefaultInventory(ServerOptions options)
    {
        if (options.InventoryFile is not { } path)
        {
            return null;
        }

        var (yaml, problems) = InventoryLoader.ReadForRun(path);
        return yaml ?? throw new ApiException(StatusCodes.Status500InternalServerError,
            $"The server's inventory ({Path.GetFileName(path)}) is invalid: {string.Join("; ", problems.Take(3))}");
    }

    private static async Task<IResult> ListAsync(HttpRequest request, EngineHost host, CancellationToken ct)
    {
        var query = request.Query;
        var errors = new FieldErrors();
        RunStatus? status = null;
        if (query["status"].ToString() is { Length: > 0 } statusText)
        {
            status = Enum.TryParse<RunStatus>(statusText, ignoreCase: true, out var s) && !int.TryParse(statusText, out _)
                ? s
                : Fail<RunStatus?>(errors, "status", $"one of {string.Join(", ", Enum.GetNames<RunStatus>().Select(n => n.ToLowerInvariant()))}");
        }

        var limit = QueryInt(query["limit"], "limit", 50, 1, 500, errors);
        var offset = QueryInt(query["offset"], "offset", 0, 0, 1_000_000, errors);
        var active = query["active"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            _ => Fail<bool>(errors, "active", "true or false"),
        };
        errors.ThrowIfAny();

        var runs = await host.Services.Store.ListRunsAsync(new RunQuery
        {
            Status = status,
            DefinitionId = query["workflow"].ToString() is { Length: > 0 } w ? w : null,
            TriggeredBy = query["triggeredBy"].ToString() is { Length: > 0 } t ? t : null,
            ActiveOnly = active,
            Limit = limit,
            Offset = offset,
        }, ct);
        return Results.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. runs.Select(Views.Run)]),
            ["limit"] = limit,
            ["offset"] = offset,
            ["next"] = runs.Count == limit ? offset + limit : null,
        });
    }

    /// <summary>
    /// The journal is paged by position (records are kept in the order they were first written,
    /// and a record changes in place), so following stepsNext reads each record once; a run of
    /// thousands of records answered megabytes in one response.
    /// </summary>
    private static async Task<IResult> GetAsync(Guid id, HttpRequest request, EngineHost host, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var offset = QueryInt(request.Query["stepsOffset"], "stepsOffset", 0, 0, int.MaxValue, errors);
        var limit = QueryInt(request.Query["stepsLimit"], "stepsLimit", ServerLimits.JournalPageSize, 1, ServerLimits.JournalPageSize, errors);
        errors.ThrowIfAny();
        var run = await host.Services.Store.GetRunAsync(id, ct) ?? throw ApiException.NotFound($"There is no run {id}.");
        var journal = await host.Services.Store.GetJournalAsync(id, ct);
        var view = Views.Run(run);
        view["steps"] = new JsonArray([.. journal.Skip(offset).Take(limit).Select(Views.Step)]);
        view["stepsOffset"] = offset;
        view["stepsTotal"] = journal.Count;
        view["stepsNext"] = (long)offset + limit < journal.Count ? offset + limit : null;
        view["incidents"] = new JsonArray([.. Incidents.Open(journal).Select(Views.Step)]);
        view["approvals"] = new JsonArray([.. Incidents.Waiting(journal).Where(Incidents.IsApproval).Select(Views.Step)]);
        return Results.Json(view);
    }

    private static async Task<IResult> LogsAsync(Guid id, HttpRequest request, EngineHost host, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var after = QueryLong(request.Query["after"], "after", errors);
        var limit = QueryInt(request.Query["limit"], "limit", 500, 1, 5000, errors);
        errors.ThrowIfAny();
        _ = await host.Services.Store.GetRunAsync(id, ct) ?? throw ApiException.NotFound($"There is no run {id}.");
        var step = request.Query["step"].ToString() is { Length: > 0 } s ? s : null;
        var lines = await host.Services.Store.GetLogsAsync(id, step, after, limit, ct);
        return Results.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. lines.Select(Views.Log)]),
            ["next"] = lines.Count == limit ? lines[^1].Sequence : null,
        });
    }

    public static int QueryInt(string? text, string field, int fallback, int min, int max, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : Fail<int>(errors, field, $"a whole number from {min} to {max}");
    }

    public static long QueryLong(string? text, string field, FieldErrors errors) =>
        string.IsNullOrEmpty(text) ? 0
        : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
        : Fail<long>(errors, field, "a whole number, 0 or more");

    private static T Fail<T>(FieldErrors errors, string field, string expected)
    {
        errors.Add(field, $"must be {expected}");
        return default!;
    }
}
