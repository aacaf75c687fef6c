using System.Text.Json.Nodes;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Server.Auth;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Server.Errors;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Api;

/// <summary>Secrets (names only; values go in and never come out), the audit log and API tokens.</summary>
public static class AdminApi
{
    private static readonly string[] SecretFields = ["value"];
    private static readonly string[] TokenFields = ["name", "role"];

    public static void MapAdmin(this IEndpointRouteBuilder api)
    {
        var secrets = api.MapGroup("/secrets").WithTags("Secrets");
        secrets.MapGet("", async (EngineHost host, CancellationToken ct) =>
                Results.Json(new JsonArray([.. (await host.Services.Secrets.ListNamesAsync(ct)).Select(n => JsonValue.Create(n))])))
            .RequireAuthorization(Roles.Viewer).WithSummary("Secret names (values are never returned).");
        secrets.MapPut("/{name}", async (string name, HttpContext context, EngineHost host, CancellationToken ct) =>
            {
                CheckName(name);
                var body = await RequestJson.ReadObjectAsync(context.Request, SecretFields, ct);
                var errors = new FieldErrors();
                var value = RequestJson.String(body, "value", errors, required: true, maxLength: 1_000_000);
                errors.ThrowIfAny();
                await host.Services.Secrets.SetAsync(name, value!, ct);
                await AuditTrail.WriteAsync(context, host, "secret.set", details: new JsonObject { ["name"] = name });
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.Admin).WithSummary("Set a secret's value (stored encrypted).");
        secrets.MapDelete("/{name}", async (string name, HttpContext context, EngineHost host, CancellationToken ct) =>
            {
                CheckName(name);
                if (!await host.Services.Secrets.DeleteAsync(name, ct))
                {
                    throw ApiException.NotFound($"There is no secret '{name}'.");
                }

                await AuditTrail.WriteAsync(context, host, "secret.delete", details: new JsonObject { ["name"] = name });
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.Admin).WithSummary("Delete a secret.");

        api.MapGet("/audit", async (HttpRequest request, EngineHost host, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var limit = RunsApi.QueryInt(request.Query["limit"], "limit", 100, 1, 1000, errors);
                var before = request.Query["before"].ToString() is { Length: > 0 } b ? RunsApi.QueryLong(b, "before", errors) : (long?)null;
                Guid? run = null;
                if (request.Query["run"].ToString() is { Length: > 0 } runText)
                {
                    run = Guid.TryParse(runText, out var id) ? id : null;
                    if (run is null)
                    {
                        errors.Add("run", "must be a run id");
                    }
                }

                errors.ThrowIfAny();
                var records = await host.Store.QueryAuditAsync(new AuditQuery
                {
                    RunId = run,
                    Actor = request.Query["actor"].ToString() is { Length: > 0 } a ? a : null,
                    Action = request.Query["action"].ToString() is { Length: > 0 } act ? act : null,
                    BeforeSequence = before,
                    Limit = limit,
                }, ct);
                return Results.Json(new JsonObject
                {
                    ["items"] = new JsonArray([.. records.Select(Views.Audit)]),
                    ["next"] = records.Count == limit ? records[^1].Sequence : null,
                });
            })
            .RequireAuthorization(Roles.Viewer).WithTags("Audit").WithSummary("Audit records, newest first; page with ?before=<next>.");

        var tokens = api.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapGet("", async (EngineHost host, CancellationToken ct) =>
                Results.Json(new JsonArray([.. (await host.Store.ListApiTokensAsync(ct)).Select(Views.Token)])))
            .RequireAuthorization(Roles.Admin).WithSummary("API tokens (never their secrets).");
        tokens.MapPost("", async (HttpContext context, EngineHost host, CancellationToken ct) =>
            {
                var body = await RequestJson.ReadObjectAsync(context.Request, TokenFields, ct);
                var errors = new FieldErrors();
                var name = RequestJson.String(body, "name", errors, required: true, maxLength: 100);
                var role = RequestJson.String(body, "role", errors, required: true);
                if (role is not null && !Roles.IsKnown(role))
                {
                    errors.Add("role", $"must be one of {string.Join(", ", Roles.All)}");
                }

                errors.ThrowIfAny();
                var (token, record) = ApiTokens.Issue(name!, role!, context.User.Actor(), host.Services.Time.GetUtcNow());
                await host.Store.CreateApiTokenAsync(record, ct);
                await AuditTrail.WriteAsync(context, host, "token.create", details: new JsonObject { ["id"] = record.Id, ["name"] = record.Name, ["role"] = record.Role });
                var view = Views.Token(record);
                view["token"] = token;
                return Results.Json(view, statusCode: StatusCodes.Status201Created);
            })
            .RequireAuthorization(Roles.Admin).WithSummary("Create a token; its text is in this response only.");
        tokens.MapDelete("/{id}", async (string id, HttpContext context, EngineHost host, TokenCache cache, CancellationToken ct) =>
            {
                if (!await host.Store.RevokeApiTokenAsync(id, host.Services.Time.GetUtcNow(), ct))
                {
                    throw ApiException.NotFound($"There is no token '{id}'.");
                }

                cache.Invalidate(id);
                await AuditTrail.WriteAsync(context, host, "token.revoke", details: new JsonObject { ["id"] = id });
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.Admin).WithSummary("Revoke a token.");
    }

    private static void CheckName(string name)
    {
        try
        {
            SecretStore.ValidateName(name);
        }
        catch (ArgumentException ex)
        {
            throw ApiException.BadRequest("name", ex.Message);
        }
    }
}
