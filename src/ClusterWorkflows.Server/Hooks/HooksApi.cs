using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Server.Api;
using ClusterWorkflows.Server.Auth;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Server.Errors;
using ClusterWorkflows.Server.Settings;
using ClusterWorkflows.Server.Telemetry;

namespace ClusterWorkflows.Server.Hooks;

/// <summary>
/// /hooks/&lt;path&gt;: a request to a runbook's http trigger starts a run. Authentication is the
/// trigger's: hmac (signed body, each signature once), bearer (a shared token), none, or — when the
/// trigger names none — an API token with the operator role. The runbook sees the request in its
/// <c>request</c> input (method, path, path parameters, query, headers without credentials, body)
/// when it declares one; with format json, body fields and path parameters fill inputs of the same
/// names; with format alertmanager, the notification goes to the <c>alert</c> input.
/// </summary>
public static class HooksApi
{
    /// <summary>Headers never handed to a run: credentials, and what proxies add about the client.</summary>
    private static readonly HashSet<string> HiddenHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", "Proxy-Authorization", HookSignature.Header,
    };

    public static void MapHooks(this IEndpointRouteBuilder app) =>
        app.Map("/hooks/{**path}", HandleAsync).WithTags("Hooks").WithSummary("Start a run through a runbook's http trigger.");

    private static async Task<IResult> HandleAsync(string? path, HttpContext context, EngineHost host, HookRoutes routes, ServerOptions options, RunTelemetry telemetry, ILoggerFactory loggers)
    {
        var ct = context.RequestAborted;
        var route = await routes.FindAsync("/" + (path ?? ""), ct) ?? throw ApiException.NotFound("No runbook has an http trigger at this path.");
        var trigger = route.Trigger;
        if (!trigger.Methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.Headers.Allow = string.Join(", ", trigger.Methods);
            throw new ApiException(StatusCodes.Status405MethodNotAllowed, $"This hook accepts {string.Join(", ", trigger.Methods)}.");
        }

        var body = await ReadBodyAsync(context.Request, ct);
        var actor = await AuthenticateAsync(context, host, trigger, body, options, loggers.CreateLogger("ClusterWorkflows.Server.Hooks"), ct);
        var parsedBody = ParseBody(context.Request, body);
        var inputs = new JsonObject();
        var declared = route.Definition.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        string? dedupKey = null;
        if (trigger.Format == "alertmanager")
        {
            var (notification, problem) = AlertmanagerNotification.Parse(parsedBody);
            if (notification is null)
            {
                throw ApiException.BadRequest("body", problem!);
            }

            if (!notification.Firing)
            {
                AuditTrail.MarkWritten(context);
                return Results.Json(new JsonObject { ["ignored"] = "resolved notifications start no run" }, statusCode: StatusCodes.Status202Accepted);
            }

            dedupKey = notification.DedupKey(route.Definition.Id);
            if (declared.Contains("alert"))
            {
                inputs["alert"] = notification.Summary;
            }
        }
        else
        {
            Fill(inputs, declared, parsedBody as JsonObject, route.Parameters);
        }

        if (declared.Contains("request"))
        {
            inputs["request"] = RequestView(context.Request, route, parsedBody);
        }

        return await StartAsync(context, host, telemetry, route, trigger, inputs, actor, dedupKey, options, ct);
    }

    private static async Task<IResult> StartAsync(
        HttpContext context, EngineHost host, RunTelemetry telemetry, HookRoute route, HttpTrigger trigger, JsonObject inputs, string actor, string? dedupKey, ServerOptions options, CancellationToken ct)
    {
        var request = new StartRunRequest
        {
            DefinitionId = route.Definition.Id,
            Version = route.Definition.Version,
            Inputs = inputs,
            Inventory = RunsApi.DefaultInventory(options),
            Actor = actor,
            TriggeredBy = "hook:" + trigger.Path,
            Source = AuditTrail.Source(context),
            DedupKey = dedupKey,
        };
        var run = await host.Engine.PrepareRunAsync(request, ct);
        if (await host.Store.CreateRunUnlessActiveAsync(run, ct) is { } active)
        {
            await AuditTrail.WriteAsync(context, host, "hook.deduplicated", active.Id, details: new JsonObject { ["hook"] = trigger.Path });
            return Results.Json(new JsonObject { ["run"] = active.Id.ToString(), ["status"] = Views.Name(active.Status), ["deduplicated"] = true });
        }

        await host.Engine.AuditStartAsync(run, actor, request.Source, ct);
        AuditTrail.MarkWritten(context);
        telemetry.RunCreated(request.TriggeredBy);
        context.Response.Headers.Location = $"/api/runs/{run.Id}";
        return Results.Json(new JsonObject { ["run"] = run.Id.ToString(), ["status"] = Views.Name(run.Status), ["deduplicated"] = false }, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Returns the actor for the audit log, or throws 401/403/409.</summary>
    private static async Task<string> AuthenticateAsync(HttpContext context, EngineHost host, HttpTrigger trigger, byte[] body, ServerOptions options, ILogger logger, CancellationToken ct)
    {
        switch (trigger.Auth)
        {
            case "none":
                return "hook:" + trigger.Path;
            case "hmac":
            {
                var key = await SharedSecretAsync(host, trigger, logger, ct);
                var problem = HookSignature.Check(context.Request.Headers[HookSignature.Header], key, body, host.Services.Time.GetUtcNow(), options.HookMaxSkew, out var signature);
                if (problem is not null)
                {
                    throw new ApiException(StatusCodes.Status401Unauthorized, $"The request is not signed correctly: {problem}.");
                }

                if (!await host.Store.TryRecordDeliveryAsync($"hmac:{trigger.Path}:{signature.ToLowerInvariant()}", host.Services.Time.GetUtcNow(), ct))
                {
                    throw new ApiException(StatusCodes.Status409Conflict, "This signed request was received before (a replay).");
                }

                return "hook:" + trigger.Path;
            }

            case "bearer":
            {
                var token = await SharedSecretAsync(host, trigger, logger, ct);
                var presented = ApiTokenHandler.BearerToken(context.Request) ?? "";
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(token))))
                {
                    throw new ApiException(StatusCodes.Status401Unauthorized, "The bearer token of this hook is missing or wrong.");
                }

                return "hook:" + trigger.Path;
            }

            default:
                if (context.User.Via() is null)
                {
                    throw new ApiException(StatusCodes.Status401Unauthorized, "This hook needs an API token (Authorization: Bearer cwt_…).");
                }

                if (!context.User.IsInRole(Roles.Operator))
                {
                    throw new ApiException(StatusCodes.Status403Forbidden, "Starting runs needs the operator role.");
                }

                return context.User.Actor();
        }
    }

    private static async Task<string> SharedSecretAsync(EngineHost host, HttpTrigger trigger, ILogger logger, CancellationToken ct)
    {
        if (await host.Services.Secrets.GetAsync(trigger.Secret!, ct) is { } value)
        {
            return value;
        }

        // The caller learns nothing about the server's configuration (the same answer as a wrong credential); the operator reads it here.
        logger.LogWarning("hook {Path} refused a request: its secret '{Secret}' is not set (cw secret set {Secret})", trigger.Path, trigger.Secret, trigger.Secret);
        throw new ApiException(StatusCodes.Status401Unauthorized, "The request is not authorized for this hook.");
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static JsonNode? ParseBody(HttpRequest request, byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        if (request.ContentType is { } type && RequestJson.IsJson(type))
        {
            try
            {
                return JsonNode.Parse(body, documentOptions: Api.RequestJson.DocumentOptions);
            }
            catch (JsonException ex)
            {
                throw ApiException.BadRequest("body", $"not valid JSON (line {(ex.LineNumber ?? 0) + 1})");
            }
        }

        try
        {
            return JsonValue.Create(new UTF8Encoding(false, true).GetString(body));
        }
        catch (DecoderFallbackException)
        {
            throw ApiException.BadRequest("body", "not UTF-8 text; send JSON or text");
        }
    }

    /// <summary>Body fields and path parameters of the same names as declared inputs fill them (the request input aside).</summary>
    private static void Fill(JsonObject inputs, HashSet<string> declared, JsonObject? body, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            if (declared.Contains(name) && name != "request")
            {
                inputs[name] = value;
            }
        }

        foreach (var (name, value) in body ?? [])
        {
            if (declared.Contains(name) && name != "request")
            {
                inputs[name] = value?.DeepClone();
            }
        }
    }

    private static JsonObject RequestView(HttpRequest request, HookRoute route, JsonNode? body) => new()
    {
        ["method"] = request.Method,
        ["path"] = request.Path.Value,
        ["parameters"] = new JsonObject([.. route.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
        ["query"] = new JsonObject([.. request.Query.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)q.Value.ToString()))]),
        ["headers"] = new JsonObject([.. request.Headers.Where(h => !HiddenHeaders.Contains(h.Key))
            .Select(h => KeyValuePair.Create(h.Key.ToLowerInvariant(), (JsonNode?)h.Value.ToString()))]),
        ["body"] = body?.DeepClone(),
    };
}
